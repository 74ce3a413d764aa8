package io.multilens.eval.tasks.metrics;

import io.multilens.api.stats.PairedBootstrap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A condition against the baseline on the same items: the mean paired difference with its
 * standard error, and a test that respects the pairing. Scores that are all 0 or 1 (accuracy,
 * exact match) get McNemar's exact test on the discordant pairs; other scores (F1, ROUGE) a paired
 * bootstrap of the mean difference (seeded, so the same scores give the same p-value).
 */
public final class PairedComparison {

    private PairedComparison() {
    }

    public static Map<String, Object> of(double[] baseline, double[] condition) {
        if (baseline.length != condition.length) {
            throw new IllegalArgumentException(baseline.length + " baseline scores but " + condition.length);
        }
        int n = baseline.length;
        double[] diff = new double[n];
        for (int i = 0; i < n; i++) {
            diff[i] = condition[i] - baseline[i];
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n", n);
        out.put("mean_difference", n == 0 ? null : mean(diff));
        out.put("mean_difference_stderr", n < 2 ? null : Math.sqrt(variance(diff) / n));
        if (binary(baseline) && binary(condition)) {
            int onlyBaseline = 0;
            int onlyCondition = 0;
            for (int i = 0; i < n; i++) {
                onlyBaseline += baseline[i] == 1 && condition[i] == 0 ? 1 : 0;
                onlyCondition += baseline[i] == 0 && condition[i] == 1 ? 1 : 0;
            }
            out.put("test", "mcnemar_exact");
            out.put("discordant_baseline_only", onlyBaseline);
            out.put("discordant_condition_only", onlyCondition);
            out.put("p_value", mcnemarExact(onlyBaseline, onlyCondition));
        } else {
            out.put("test", "paired_bootstrap");
            out.put("p_value", n == 0 ? null : PairedBootstrap.pValue(diff));
        }
        return out;
    }

    /** Two-sided exact binomial test of b against b + c discordant pairs at one half. */
    static double mcnemarExact(int b, int c) {
        int n = b + c;
        if (n == 0) {
            return 1.0;
        }
        int k = Math.min(b, c);
        double tail = 0;
        for (int i = 0; i <= k; i++) {
            tail += Math.exp(logChoose(n, i) - n * Math.log(2));
        }
        return Math.min(1.0, 2 * tail);
    }

    private static boolean binary(double[] v) {
        for (double x : v) {
            if (x != 0 && x != 1) {
                return false;
            }
        }
        return true;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double variance(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s / (v.length - 1);
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log(n - k + i) - Math.log(i);
        }
        return s;
    }
}
