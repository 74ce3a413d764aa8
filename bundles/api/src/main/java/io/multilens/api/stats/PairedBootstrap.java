package io.multilens.api.stats;

import java.util.SplittableRandom;

/**
 * The two-sided paired bootstrap every evaluator reports: resample the items' differences with
 * replacement, centre the resampled statistic on zero (the null hypothesis) and count how often
 * it reaches the observed one's size. Seeded, so a run's p-values are reproducible.
 */
public final class PairedBootstrap {

    /** Resamples: the p-value's own sampling error is below 0.005 near 0.05. */
    public static final int RESAMPLES = 10_000;
    static final long SEED = 20240228L;

    private PairedBootstrap() {
    }

    /** For the mean difference over items. */
    public static double pValue(double[] diff) {
        return pValue(diff, null);
    }

    /**
     * For a weighted mean, {@code sum(diff) / sum(weights)} (as NLL per token: the differences are
     * per-document NLL sums, the weights their token counts); null weights are all 1.
     */
    public static double pValue(double[] diff, long[] weights) {
        int n = diff.length;
        double observed = ratio(diff, weights, null);
        SplittableRandom random = new SplittableRandom(SEED);
        int[] sample = new int[n];
        int extreme = 0;
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = 0; i < n; i++) {
                sample[i] = random.nextInt(n);
            }
            if (Math.abs(ratio(diff, weights, sample) - observed) >= Math.abs(observed) - 1e-12) {
                extreme++;
            }
        }
        return (extreme + 1.0) / (RESAMPLES + 1.0);
    }

    /** Sum of the (sampled) differences over the sum of their weights. */
    private static double ratio(double[] diff, long[] weights, int[] sample) {
        double d = 0;
        double t = 0;
        for (int i = 0; i < diff.length; i++) {
            int k = sample == null ? i : sample[i];
            d += diff[k];
            t += weights == null ? 1 : weights[k];
        }
        return d / t;
    }
}
