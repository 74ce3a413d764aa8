package io.multilens.lape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.neurons.NeuronGroup;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LAPE's selection on a hand-made activation table whose answer is worked out in the comments. */
class LapeSelectionTest {

    private static final NeuronGroup FFN0 = NeuronGroup.parse("layers.0.mlp.ffn");

    @Test
    void probabilitiesEntropiesAndThresholdsAsWorkedOutByHand() {
        double[][][] p = {
                {{0.9, 0.1, 0.5, 0.5, 0.0, 0.8, 0.2, 0.3, 0.0, 0.6}},    // language a, one layer of 10 units
                {{0.1, 0.9, 0.5, 0.4, 0.0, 0.8, 0.2, 0.3, 0.7, 0.0}}};   // language b
        // the 20 probabilities sorted: 0 0 0 0 .1 .1 .2 .2 .3 .3 .4 .5 .5 .5 .6 .7 .8 .8 .9 .9
        // filter 0.5: the 10th smallest, 0.3: units 4, 6, 7 (no probability above 0.3) are dismissed
        // entropies: u0 = u1 = 0.325, u2 = u5 = ln 2, u3 = 0.687, u8 = u9 = 0; keep round(10 * 0.4) = 4
        // lowest: u8, u9, u0, u1; bar 0.75: the 15th smallest, 0.6 (strictly above it: a's u0, b's u1, u8)
        LapeSelection.Result r = LapeSelection.select(List.of("a", "b"), p, new LapeSelection.Rates(0.4, 0.5, 0.75));
        assertEquals(0.3, r.filterValue(), 0);
        assertEquals(0.6, r.activationBar(), 0);
        assertEquals(4, r.kept());
        assertEquals(-(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1)), r.entropy()[0][0], 1e-12);
        assertEquals(-(5.0 / 9 * Math.log(5.0 / 9) + 4.0 / 9 * Math.log(4.0 / 9)), r.entropy()[0][3], 1e-12);
        assertEquals(0.0, r.entropy()[0][8], 0);
        assertTrue(Double.isInfinite(r.entropy()[0][7]), "dismissed units never win on entropy");
        assertArrayEquals(new int[] {0}, r.byLanguage().get("a").indices(FFN0));
        assertArrayEquals(new int[] {1, 8}, r.byLanguage().get("b").indices(FFN0));
        assertArrayEquals(new double[] {0.9, 0.7}, r.probability().get("b").get(FFN0), 0);
    }

    @Test
    void quantilesRoundHalfToEvenAsPythonDoes() {
        double[] sorted = {1, 2, 3, 4};
        assertEquals(2, LapeSelection.kth(sorted, 0.625), 0, "round(2.5) = 2 in Python");
        assertEquals(4, LapeSelection.kth(sorted, 0.875), 0, "round(3.5) = 4");
        assertEquals(1, LapeSelection.kth(sorted, 0.1), 0, "never below the first");
    }

    @Test
    void countsFromShardsAddUp() {
        ActivationCounts a = new ActivationCounts("xx", 1, 3);
        a.tokens = 4;
        a.positive[0] = new long[] {1, 4, 0};
        ActivationCounts b = new ActivationCounts("xx", 1, 3);
        b.tokens = 6;
        b.positive[0] = new long[] {5, 0, 3};
        a.add(b);
        assertArrayEquals(new double[] {0.6, 0.4, 0.3}, a.probabilities()[0], 1e-12);
    }
}
