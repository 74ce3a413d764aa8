package io.multilens.api.neurons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.multilens.api.status.StepFailure;
import org.junit.jupiter.api.Test;

class StageSplitTest {

    @Test
    void paperSplitOf32LayersFromFractionsAndCounts() {
        StageSplit fractions = StageSplit.of(32, 0.25, 0.125);
        assertEquals(new StageSplit(32, 8, 4), fractions);
        assertEquals(fractions, StageSplit.of(32, 8, 4));
        assertEquals(Stage.UNDERSTANDING, fractions.stageOf(7));
        assertEquals(Stage.TASK_SOLVING, fractions.stageOf(8));
        assertEquals(Stage.TASK_SOLVING, fractions.stageOf(27));
        assertEquals(Stage.GENERATION, fractions.stageOf(28));
        assertEquals(Stage.GENERATION, fractions.stageOf(31));
    }

    @Test
    void fractionsScaleToOtherDepths() {
        assertEquals(new StageSplit(24, 6, 3), StageSplit.of(24, 0.25, 0.125));
        assertEquals(new StageSplit(40, 10, 5), StageSplit.of(40, 0.25, 0.125));
        StageSplit tiny = StageSplit.of(4, 0.25, 0.125);
        assertEquals(new StageSplit(4, 1, 1), tiny);
        assertEquals(Stage.UNDERSTANDING, tiny.stageOf(0));
        assertEquals(Stage.TASK_SOLVING, tiny.stageOf(1));
        assertEquals(Stage.TASK_SOLVING, tiny.stageOf(2));
        assertEquals(Stage.GENERATION, tiny.stageOf(3));
        assertEquals(new StageSplit(3, 0, 3), StageSplit.of(3, 0, 3));
    }

    @Test
    void impossibleSplitsAreClearErrors() {
        assertThrows(StepFailure.class, () -> StageSplit.of(4, 3, 2));
        assertThrows(StepFailure.class, () -> StageSplit.of(32, 2.5, 4));
        assertThrows(StepFailure.class, () -> StageSplit.of(32, -1, 4));
    }
}
