package io.multilens.layers;

/**
 * One language's counts per depth (0 = embeddings … N = last block): top-1 decoded classes,
 * top-k probability mass on the reference language's and on its own tokens, and the sums of
 * cosine similarities to the reference language. Sums and counts only, so shards of a corpus
 * merge into the same result ({@link #add}).
 */
final class LanguageLayers {

    final String language;
    final int depths;
    long documents;
    long tokens;
    /** [depth][class] top-1 counts */
    final long[][] decoded;
    /** [depth] summed top-k mass on reference / own tokens */
    final double[] massReference;
    final double[] massOwn;
    /** [depth] summed cosine with the same sentence / the next sentence in the reference language */
    final double[] parallel;
    final double[] mismatched;
    long pairs;

    LanguageLayers(String language, int depths) {
        this.language = language;
        this.depths = depths;
        this.decoded = new long[depths][LensClass.values().length];
        this.massReference = new double[depths];
        this.massOwn = new double[depths];
        this.parallel = new double[depths];
        this.mismatched = new double[depths];
    }

    /** Adds another shard of the same language's corpus. */
    void add(LanguageLayers other) {
        if (!other.language.equals(language) || other.depths != depths) {
            throw new IllegalArgumentException("cannot merge " + other.language + "/" + other.depths + " into "
                    + language + "/" + depths);
        }
        documents += other.documents;
        tokens += other.tokens;
        pairs += other.pairs;
        for (int d = 0; d < depths; d++) {
            for (int c = 0; c < decoded[d].length; c++) {
                decoded[d][c] += other.decoded[d][c];
            }
            massReference[d] += other.massReference[d];
            massOwn[d] += other.massOwn[d];
            parallel[d] += other.parallel[d];
            mismatched[d] += other.mismatched[d];
        }
    }

    /** Share of decoded positions of a class at a depth (the shares of a depth sum to 1). */
    double share(int depth, LensClass c) {
        long total = 0;
        for (long n : decoded[depth]) {
            total += n;
        }
        return total == 0 ? 0 : decoded[depth][c.ordinal()] / (double) total;
    }

    double meanMassReference(int depth) {
        return tokens == 0 ? 0 : massReference[depth] / tokens;
    }

    double meanMassOwn(int depth) {
        return tokens == 0 ? 0 : massOwn[depth] / tokens;
    }

    /** Mean cosine over the sentence pairs, NaN without pairs (parallel: false). */
    double meanParallel(int depth) {
        return pairs == 0 ? Double.NaN : parallel[depth] / pairs;
    }

    double meanMismatched(int depth) {
        return pairs == 0 ? Double.NaN : mismatched[depth] / pairs;
    }
}
