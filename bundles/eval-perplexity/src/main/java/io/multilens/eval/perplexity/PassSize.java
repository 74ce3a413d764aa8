package io.multilens.eval.perplexity;

import java.util.function.LongToIntFunction;

/**
 * How many consecutive rows go into one forward pass: at most {@code rows}, and at most
 * {@code tokens} padded tokens (rows times the longest of them), at least one row. Rows are
 * (document, condition) pairs in document order, so a pass mostly holds one document under many
 * conditions and pads little. On CPU a pass of a few thousand tokens runs fastest: fewer tokens
 * pay the per-operation overhead, more spill the caches (embedded model: 8 rows 25k tokens/s,
 * 41 rows of ~200 tokens 30-37k, 164 rows 16k; measured on an AMD EPYC Zen 4, 2 cores).
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
