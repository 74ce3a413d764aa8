package io.multilens.eval.perplexity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A condition against the baseline on the same documents: the change of the token-weighted mean
 * NLL, its standard error with documents as units (the ratio estimator's delta method, as
 * {@link NllTally}), and a paired bootstrap over documents (seeded: the same NLLs give the same
 * p-value). A paired test fits because both NLLs of a document share its difficulty.
 */
final class PairedNll {

    static final int RESAMPLES = 10_000;

    private PairedNll() {
    }

    /**
     * @param baseline  per document, its summed NLL under the baseline
     * @param condition per document, its summed NLL under the condition
     * @param tokens    per document, its predicted tokens
     */
    static Map<String, Object> of(double[] baseline, double[] condition, long[] tokens) {
        int n = tokens.length;
        double[] diff = new double[n];
        double totalTokens = 0;
        double totalDiff = 0;
        for (int i = 0; i < n; i++) {
            diff[i] = condition[i] - baseline[i];
            totalTokens += tokens[i];
            totalDiff += diff[i];
        }
        double change = totalDiff / totalTokens;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("documents", n);
        out.put("nll_difference", change);
        if (n >= 2) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                double r = diff[i] - change * tokens[i];
                s += r * r;
            }
            out.put("nll_difference_stderr", Math.sqrt(s * n / (n - 1.0)) / totalTokens);
        }
        out.put("test", "paired_bootstrap_documents");
        out.put("p_value", bootstrap(diff, tokens, change));
        return out;
    }

    /** Two-sided: resampled differences centred on zero reaching the observed one's size. */
    static double bootstrap(double[] diff, long[] tokens, double observed) {
        int n = diff.length;
        SplittableRandom random = new SplittableRandom(20240228L);
        int extreme = 0;
        for (int r = 0; r < RESAMPLES; r++) {
            double d = 0;
            double t = 0;
            for (int i = 0; i < n; i++) {
                int k = random.nextInt(n);
                d += diff[k];
                t += tokens[k];
            }
            if (Math.abs(d / t - observed) >= Math.abs(observed) - 1e-12) {
                extreme++;
            }
        }
        return (extreme + 1.0) / (RESAMPLES + 1.0);
    }
}
