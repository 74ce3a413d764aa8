package io.multilens.eval.perplexity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PassSizeTest {

    private static final int[] LENGTHS = {10, 10, 10, 40, 40, 5};

    @Test
    void aPassTakesRowsUntilTheirPaddedTokensWouldPassTheBound() {
        PassSize size = new PassSize(64, 100);
        assertEquals(3, size.rows(0, LENGTHS.length, r -> LENGTHS[(int) r]), "3 x 10 fits; a 40-token row makes 4 x 40");
        assertEquals(2, size.rows(3, LENGTHS.length, r -> LENGTHS[(int) r]), "2 x 40 = 80; a third row makes 120");
        assertEquals(1, size.rows(5, LENGTHS.length, r -> LENGTHS[(int) r]), "the last row");
    }

    @Test
    void theRowBoundAndARowLongerThanTheTokenBound() {
        assertEquals(2, new PassSize(2, 1000).rows(0, LENGTHS.length, r -> LENGTHS[(int) r]));
        assertEquals(1, new PassSize(64, 3).rows(0, LENGTHS.length, r -> LENGTHS[(int) r]), "a longer row goes alone");
    }
}
