package io.multilens.eval.tasks.metrics;

/**
 * The mean of per-item scores and its standard error, the sample standard deviation (n - 1)
 * over sqrt(n), as lm-evaluation-harness reports {@code acc_stderr}. Welford's update keeps the
 * variance exact for long runs of equal scores.
 */
public final class MeanTally {

    private long n;
    private double mean;
    private double squares;

    public void add(double score) {
        n++;
        double delta = score - mean;
        mean += delta / n;
        squares += delta * (score - mean);
    }

    public long count() {
        return n;
    }

    /** NaN without items. */
    public double mean() {
        return n == 0 ? Double.NaN : mean;
    }

    /** NaN below two items. */
    public double stderr() {
        return n < 2 ? Double.NaN : Math.sqrt(squares / (n - 1) / n);
    }
}
