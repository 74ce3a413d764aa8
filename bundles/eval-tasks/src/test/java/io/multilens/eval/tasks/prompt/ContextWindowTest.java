package io.multilens.eval.tasks.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.multilens.api.status.StepFailure;
import org.junit.jupiter.api.Test;

class ContextWindowTest {

    @Test
    void longPromptsLoseTheirStart() {
        ContextWindow w = new ContextWindow(6);
        int[] prompt = {1, 2, 3, 4, 5, 6, 7};
        // 6 positions, 2 reserved for the answer: the last 4 prompt tokens stay
        assertArrayEquals(new int[] {4, 5, 6, 7}, w.fit(prompt, 2));
        int[] short_ = {1, 2};
        assertSame(short_, w.fit(short_, 2));
        assertThrows(StepFailure.class, () -> w.fit(prompt, 6));
    }
}
