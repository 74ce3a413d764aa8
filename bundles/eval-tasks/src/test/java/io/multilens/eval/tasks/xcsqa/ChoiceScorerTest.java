package io.multilens.eval.tasks.xcsqa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChoiceScorerTest {

    @Test
    void onlyTheOptionTokensCount() {
        // document = 3 prompt tokens + 2 option tokens; entry t is log p(token t+1 | ..t):
        // the option's tokens (positions 3 and 4) are entries 2 and 3
        double[] logProbs = {-1.0, -2.0, -0.5, -0.25};
        assertEquals(-0.75, ChoiceScorer.continuation(logProbs, 3, 2), 1e-15);
        assertEquals(-0.5, ChoiceScorer.continuation(new double[] {-3.0, -0.5}, 2, 1), 1e-15);
    }
}
