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

    /** acc_norm divides by the option's own length, as lm-eval's len(choice): the delimiter can change the winner. */
    @Test
    void accNormCountsTheOptionsCharactersNotTheDelimiter() {
        assertEquals(2, ChoiceScorer.characters("ab"));
        assertEquals(1, ChoiceScorer.characters("学"));
        // sums -3.0 for "ab", -7.5 for "abcdef": per option character -1.5 < -1.25, so "abcdef" wins;
        // with the space before each counted (-1.0 > -1.07) "ab" would
        assertEquals(true, -3.0 / ChoiceScorer.characters("ab") < -7.5 / ChoiceScorer.characters("abcdef"));
    }
}
