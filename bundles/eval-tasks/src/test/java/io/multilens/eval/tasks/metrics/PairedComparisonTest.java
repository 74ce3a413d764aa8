package io.multilens.eval.tasks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.stats.PairedBootstrap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Paired tests against hand and scipy values. */
class PairedComparisonTest {

    @Test
    void mcnemarExactIsTheTwoSidedBinomialOfTheDiscordantPairs() {
        // scipy.stats.binomtest(1, 7, 0.5).pvalue = 0.125
        assertEquals(0.125, PairedComparison.mcnemarExact(1, 6), 1e-12);
        assertEquals(0.125, PairedComparison.mcnemarExact(6, 1), 1e-12);
        assertEquals(1.0, PairedComparison.mcnemarExact(3, 3), 1e-12);
        assertEquals(1.0, PairedComparison.mcnemarExact(0, 0));
        // binomtest(0, 20, 0.5).pvalue = 2 / 2^20
        assertEquals(2.0 / (1 << 20), PairedComparison.mcnemarExact(0, 20), 1e-15);
    }

    @Test
    void continuousScoresGetAPairedBootstrap() {
        Map<String, Object> shifted = PairedComparison.of(new double[] {0.1, 0.5, 0.3, 0.8}, new double[] {0.3, 0.7, 0.5, 1.0});
        assertEquals("paired_bootstrap", shifted.get("test"));
        assertEquals(0.2, (double) shifted.get("mean_difference"), 1e-12);
        assertEquals(0.0, (double) shifted.get("mean_difference_stderr"), 1e-12);
        // every resample has the same mean: none reaches zero, the smallest p-value the bootstrap gives
        assertEquals(1.0 / (PairedBootstrap.RESAMPLES + 1), (double) shifted.get("p_value"), 1e-12);
        Map<String, Object> none = PairedComparison.of(new double[] {0.5, 0.2, 0.9, 0.4}, new double[] {0.6, 0.1, 1.0, 0.3});
        assertEquals(0.0, (double) none.get("mean_difference"), 1e-12);
        assertTrue((double) none.get("p_value") > 0.99, "no difference: p near 1");
        // stderr: differences 0.1, -0.1, 0.1, -0.1: sd = sqrt(4 * 0.01 / 3), / sqrt(4)
        assertEquals(Math.sqrt(0.04 / 3) / 2, (double) none.get("mean_difference_stderr"), 1e-12);
    }
}
