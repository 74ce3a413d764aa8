package io.multilens.plnd.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ActivityRuleTest {

    private static final float[] SCORES = {0.5f, 3f, 1f, 3f, 0.1f, 2f, 0f, 1f};

    @Test
    void topKTakesTheLargestAndBreaksTiesByLowerIndex() {
        assertArrayEquals(new boolean[] {false, true, false, true, false, true, false, false},
                new ActivityRule.TopK(3).active(SCORES));
        // 1.0 at indices 2 and 7 tie for the fourth place: index 2 wins
        assertArrayEquals(new boolean[] {false, true, true, true, false, true, false, false},
                new ActivityRule.TopK(4).active(SCORES));
    }

    @Test
    void topKLargerThanTheGroupMarksAll() {
        assertArrayEquals(new boolean[] {true, true, true}, new ActivityRule.TopK(10).active(new float[] {1, 2, 3}));
    }

    @Test
    void topFractionRoundsUp() {
        // 0.3 * 8 = 2.4 -> 3 neurons
        assertArrayEquals(new ActivityRule.TopK(3).active(SCORES), new ActivityRule.TopFraction(0.3).active(SCORES));
        // exactly 0.25 * 8 = 2 -> 2 neurons, not 3
        assertArrayEquals(new boolean[] {false, true, false, true, false, false, false, false},
                new ActivityRule.TopFraction(0.25).active(SCORES));
    }

    @Test
    void thresholdIsReachedAtEqualityAsInThePaper() {
        // the scores of exactly 1.0 (indices 2 and 7) count: importance >= threshold
        assertArrayEquals(new boolean[] {false, true, true, true, false, true, false, true},
                new ActivityRule.Threshold(1.0).active(SCORES));
    }

    @Test
    void parsesOptionValuesAndRejectsNonsense() {
        assertArrayEquals(new ActivityRule.TopK(2).active(SCORES), ActivityRule.of("top_k", 2).active(SCORES));
        assertThrows(IllegalArgumentException.class, () -> ActivityRule.of("top_k", 2.5));
        assertThrows(IllegalArgumentException.class, () -> ActivityRule.of("top_k", 0));
        assertThrows(IllegalArgumentException.class, () -> ActivityRule.of("top_fraction", 1.5));
        assertThrows(IllegalArgumentException.class, () -> ActivityRule.of("top_p", 0.1));
    }
}
