package io.multilens.eval.perplexity;

import io.multilens.api.stats.PairedBootstrap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A condition against the baseline on the same documents: the change of the token-weighted mean
 * NLL, its standard error with documents as units (the ratio estimator's delta method, as
 * {@link NllTally}), and a paired bootstrap over documents (seeded: the same NLLs give the same
 * p-value). A paired test fits because both NLLs of a document share its difficulty.
 */
final class PairedNll {

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
        out.put("p_value", PairedBootstrap.pValue(diff, tokens));
        return out;
    }
}
