package io.multilens.eval.perplexity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.stats.PairedBootstrap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The NLL change of a condition, paired with the baseline document by document. */
class PairedNllTest {

    @Test
    void changeErrorAndTestOfATokenWeightedMean() {
        double[] base = {10, 20, 30};
        double[] cond = {12, 24, 33};
        long[] tokens = {5, 10, 15};
        Map<String, Object> p = PairedNll.of(base, cond, tokens);
        // (2 + 4 + 3) / 30 tokens
        assertEquals(9.0 / 30, (double) p.get("nll_difference"), 1e-12);
        // residuals d_i - D t_i: 2 - 1.5, 4 - 3, 3 - 4.5 -> 0.5, 1, -1.5; sqrt(3.5 * 3 / 2) / 30
        assertEquals(Math.sqrt(3.5 * 3 / 2) / 30, (double) p.get("nll_difference_stderr"), 1e-12);
        assertEquals(3, p.get("documents"));
        // every document got worse: no resample reaches zero
        assertEquals(1.0 / (PairedBootstrap.RESAMPLES + 1), (double) p.get("p_value"), 1e-12);
        Map<String, Object> mixed = PairedNll.of(new double[] {10, 10, 10, 10}, new double[] {11, 9, 11, 9}, new long[] {5, 5, 5, 5});
        assertEquals(0.0, (double) mixed.get("nll_difference"), 1e-12);
        assertTrue((double) mixed.get("p_value") > 0.99);
    }
}
