package io.multilens.layers;

/**
 * Cross-lingual similarity of mean-pooled hidden states: sentence n in language L against sentence
 * n in the reference language (parallel) and against sentence n + 1 (mismatched, wrapping at the
 * end), per depth. Documents without content tokens on either side are left out.
 */
final class Similarity {

    private Similarity() {
    }

    /** Adds the cosines of every document pair of {@code pooled} [doc][depth][H] against {@code reference}. */
    static void add(LanguageLayers tally, double[][][] pooled, double[][][] reference) {
        int n = Math.min(pooled.length, reference.length);
        for (int doc = 0; doc < n; doc++) {
            double[][] mine = pooled[doc];
            double[][] same = reference[doc];
            double[][] next = reference[(doc + 1) % n];
            if (mine == null || same == null || next == null || empty(mine) || empty(same) || empty(next)) {
                continue;
            }
            for (int d = 0; d < tally.depths; d++) {
                tally.parallel[d] += cosine(mine[d], same[d]);
                tally.mismatched[d] += cosine(mine[d], next[d]);
            }
            tally.pairs++;
        }
    }

    static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static boolean empty(double[][] states) {
        for (double v : states[0]) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }
}
