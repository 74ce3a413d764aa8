package io.multilens.lape;

/**
 * One language's activation counts: for every FFN unit of every layer, on how many of the
 * language's tokens its activation was positive, and how many tokens were counted. Counts only,
 * so corpus shards add up to the same result ({@link #add}).
 */
final class ActivationCounts {

    final String language;
    final long[][] positive;   // [layer][unit]
    long tokens;

    ActivationCounts(String language, int layers, int units) {
        this.language = language;
        this.positive = new long[layers][units];
    }

    void add(ActivationCounts other) {
        if (!other.language.equals(language) || other.positive.length != positive.length
                || other.positive[0].length != positive[0].length) {
            throw new IllegalArgumentException("cannot add counts of " + other.language + " to " + language);
        }
        tokens += other.tokens;
        for (int l = 0; l < positive.length; l++) {
            for (int u = 0; u < positive[l].length; u++) {
                positive[l][u] += other.positive[l][u];
            }
        }
    }

    /** The activation probability of every unit: positive / tokens, [layer][unit]. */
    double[][] probabilities() {
        double[][] p = new double[positive.length][positive[0].length];
        for (int l = 0; l < p.length; l++) {
            for (int u = 0; u < p[l].length; u++) {
                p[l][u] = tokens == 0 ? 0 : positive[l][u] / (double) tokens;
            }
        }
        return p;
    }
}
