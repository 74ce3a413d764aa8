package io.multilens.eval.perplexity;

import java.util.function.LongToIntFunction;

/**
 * How many consecutive rows go into one forward pass: at most {@code rows}, and at most
 * {@code tokens} padded tokens (rows times the longest of them), at least one row. Rows are
 * (document, condition) pairs in document order, so a pass mostly holds one document under many
 * conditions and pads little. The token bound is the memory bound: a pass holds float32 logits
 * and their log-softmax, 8 bytes per token and vocabulary entry.
 */
record PassSize(int rows, int tokens) {

    /** The rows of the pass starting at row {@code start} of {@code total}; {@code length} gives a row's tokens. */
    int rows(long start, long total, LongToIntFunction length) {
        int n = 0;
        int longest = 0;
        while (start + n < total && n < rows) {
            int next = Math.max(longest, length.applyAsInt(start + n));
            if (n > 0 && (n + 1L) * next > tokens) {
                break;
            }
            longest = next;
            n++;
        }
        return n;
    }
}
