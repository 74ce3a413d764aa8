package io.multilens.eval.perplexity;

/**
 * Mergeable sums for the token-weighted mean negative log-likelihood of a corpus. Documents are
 * the sampling units of the standard error (a ratio estimator), so shards computed on several
 * hosts merge to the same mean and the same error.
 */
public final class NllTally {

    private long documents;
    private long tokens;
    private double nll;
    private double nllSquared;
    private double tokensSquared;
    private double nllTimesTokens;
    private long bytes;

    /** One document: the sum of its tokens' NLLs over {@code predicted} tokens. */
    public void add(double documentNll, long predicted) {
        add(documentNll, predicted, 0);
    }

    /** One document, with the bytes its predicted tokens stand for (for bits per byte). */
    public void add(double documentNll, long predicted, long textBytes) {
        if (predicted <= 0) {
            return;
        }
        bytes += textBytes;
        documents++;
        tokens += predicted;
        nll += documentNll;
        nllSquared += documentNll * documentNll;
        tokensSquared += (double) predicted * predicted;
        nllTimesTokens += documentNll * predicted;
    }

    public void merge(NllTally o) {
        documents += o.documents;
        tokens += o.tokens;
        nll += o.nll;
        nllSquared += o.nllSquared;
        tokensSquared += o.tokensSquared;
        nllTimesTokens += o.nllTimesTokens;
        bytes += o.bytes;
    }

    public long bytes() {
        return bytes;
    }

    /**
     * Bits per UTF-8 byte of the predicted text: comparable across tokenizers and scripts (a
     * Thai sentence is more bytes per token than an English one). NaN when no bytes were counted.
     */
    public double bitsPerByte() {
        return bytes == 0 ? Double.NaN : nll / bytes / Math.log(2);
    }

    public long documents() {
        return documents;
    }

    public long tokens() {
        return tokens;
    }

    /** Mean NLL per predicted token, in nats. */
    public double meanNll() {
        return nll / tokens;
    }

    public double perplexity() {
        return Math.exp(meanNll());
    }

    /** Standard error of {@link #meanNll()} with documents as units (delta method); NaN below 2 documents. */
    public double meanNllStderr() {
        if (documents < 2) {
            return Double.NaN;
        }
        double m = meanNll();
        double meanTokens = (double) tokens / documents;
        double residuals = nllSquared - 2 * m * nllTimesTokens + m * m * tokensSquared;
        return Math.sqrt(Math.max(0, residuals) / (documents * (documents - 1.0))) / meanTokens;
    }
}
