package io.multilens.plnd.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * The squared change of attention probabilities when each of a head's dimensions in turn is
 * perturbed. The shift of the scaled scores for dimension d is a product
 * {@code dS[b, h, d] = left[b, h, d] @ right[b, h, d]} of a [T, r] and an [r, T] factor (r: the
 * transform's number of permutation terms, or hd when a zeroed dimension moves every dimension of its head),
 * so one batched matrix product builds it. It is added to the model's scaled scores, transformed,
 * biased and softmaxed like the model, and compared with the unablated probabilities (padding
 * query rows excluded).
 *
 * <p>Work is cut two ways. Dimensions go in chunks of at most {@code chunk}, each chunk's factors
 * made in its own manager, and query rows in blocks: rows t0..t1 see only keys up to t1 under the
 * causal mask, so a block's softmax runs over t1 columns, not T — about half the work of the full
 * square — and each block's {@code [B, nh, D, rows, t1]} intermediates stay small.
 */
final class ProbabilityChange {

    /**
     * One chunk's score shift: {@code left @ right} — left [B, nh, D or 1, T, r] (queries' side),
     * right [B, nh, D or 1, r, T] (keys' side), at least one of them with the D axis — plus, where
     * a per-head norm rescales the whole query (key) of a token, {@code rowScale} [B, nh, D, T, 1]
     * ({@code columnScale} [B, nh, D, 1, T]) times the unablated scaled scores; null where none.
     */
    record Factors(NDArray left, NDArray right, NDArray rowScale, NDArray columnScale) {

        Factors(NDArray left, NDArray right) {
            this(left, right, null, null);
        }
    }

    /** Makes the factors of dimensions d0..d1 in {@code chunk} (a manager freed after the chunk). */
    @FunctionalInterface
    interface Shift {
        Factors factors(NDManager chunk, int d0, int d1);
    }

    /** Reduces one chunk's per-head squared change [B, nh, D] further (or returns it). */
    @FunctionalInterface
    interface Reduce {
        NDArray apply(NDArray perHead);
    }

    /** A block's [B, nh, D, rows, T] intermediates are kept to about this many floats (8 MiB). */
    static final long BLOCK_ELEMENTS = 1L << 21;

    /**
     * Query rows per block: max(32, T / 8), halved (down to 8) while a block's intermediates would
     * pass {@link #BLOCK_ELEMENTS} (each element passes through about ten operations, so they had
     * better stay in cache). On the bench shape (4 x 256 tokens, 8 heads, chunks of 16) 16 rows
     * instead of 32 took the q/k scores from 2.15 s to 1.63 s (AMD EPYC Zen 4); the embedded model
     * keeps 32; batches of several long documents with many heads get fewer.
     */
    static int blockRows(AttentionBatch a, int chunk) {
        int rows = (int) Math.max(32, (a.tokens + 7L) / 8);
        long perRow = (long) a.batch * a.heads * Math.min(chunk, a.headDim) * a.tokens;
        while (rows > 8 && rows * perRow > BLOCK_ELEMENTS) {
            rows = Math.max(8, rows / 2);
        }
        return rows;
    }

    private ProbabilityChange() {
    }

    /**
     * The per-dimension squared change, reduced, concatenated over chunks along axis 2: through
     * {@link VectorKernel} where the batch is vectorized and the factors fit it, else with PyTorch
     * operations in query blocks. {@code terms}: how many outer products make each dimension's
     * shift (the factors' r), 0 where a dimension moves the whole head (a full product).
     */
    static NDArray squared(AttentionBatch a, int chunk, int terms, Shift shift, Reduce reduce) {
        NDArray fused = a.vectorized ? VectorKernel.squared(a, terms, shift, reduce) : null;
        a.scratch().counted(fused != null);
        return fused != null ? fused : squared(a, chunk, shift, reduce, blockRows(a, chunk));
    }

    /** As {@link #squared(AttentionBatch, int, int, Shift, Reduce)} with PyTorch operations, query blocks of {@code rows} rows. */
    static NDArray squared(AttentionBatch a, int chunk, Shift shift, Reduce reduce, int rows) {
        Scores scores = new Scores(a);
        NDArray queryValid = a.hasPadding() ? a.queryValid() : null; // [B, 1, 1, T, 1]
        List<NDArray> parts = new ArrayList<>();
        for (int d0 = 0; d0 < a.headDim; d0 += chunk) {
            int d1 = Math.min(a.headDim, d0 + chunk);
            try (NDManager c = a.scope.newSubManager()) {
                Factors f = shift.factors(c, d0, d1);             // [B, nh, D|1, T, r], [B, nh, D|1, r, T]
                NDArray total = null;
                for (int t0 = 0; t0 < a.tokens; t0 += rows) {
                    int t1 = (int) Math.min(a.tokens, t0 + rows);
                    NDArray block = blockChange(c, f, scores, queryValid, t0, t1); // [B, nh, D]
                    total = total == null ? block : total.addi(block);
                }
                NDArray reduced = reduce.apply(total);            // [B, *, D]
                reduced.attach(a.scope);
                parts.add(reduced);
            }
        }
        return NDArrays.concat(new NDList(parts), 2);             // [B, *, hd]
    }

    /**
     * The unablated scores, each [B, nh, 1, T, T]: the scaled ones a shift is added to, the masked
     * ones (transformed and biased) and their probabilities. Without a score transform the shift
     * is added to the masked scores directly (one addition fewer per element).
     */
    private static final class Scores {
        final boolean none;
        final NDArray scaled;
        final NDArray bias;
        final NDArray masked;
        final NDArray probs;
        final AttentionBatch a;

        Scores(AttentionBatch a) {
            this.a = a;
            this.masked = a.maskedScores().expandDims(2);         // [B, nh, 1, T, T]
            this.probs = a.probs().expandDims(2);                 // [B, nh, 1, T, T]
            this.none = a.scoreTransform().isNone();
            this.scaled = a.scaledScores().expandDims(2);         // [B, nh, 1, T, T]
            this.bias = none ? null : a.bias().expandDims(2);     // [B, 1|nh, 1, T, T]
        }
    }

    /** Σ over rows t0..t1 and their visible keys of (softmax(transform(S + dS) + bias) - P)²: [B, nh, D]. */
    private static NDArray blockChange(NDManager c, Factors f, Scores scores, NDArray queryValid, int t0, int t1) {
        try (NDManager b = c.newSubManager()) {
            NDArray l = f.left().get(":, :, :, {}:{}, :", t0, t1); // [B, nh, D|1, Tb, r]
            NDArray r = f.right().get(":, :, :, :, :{}", t1);     // [B, nh, D|1, r, t1]
            NDArray p = scores.probs.get(":, :, :, {}:{}, :{}", t0, t1, t1); // [B, nh, 1, Tb, t1]
            attachAll(b, l, r, p);
            NDArray dS = l.matMul(r);                             // [B, nh, D, Tb, t1]
            if (f.rowScale() != null || f.columnScale() != null) {
                NDArray s0 = scores.scaled.get(":, :, :, {}:{}, :{}", t0, t1, t1); // [B, nh, 1, Tb, t1]
                s0.attach(b);
                if (f.rowScale() != null) {
                    NDArray rows = f.rowScale().get(":, :, :, {}:{}, :", t0, t1); // [B, nh, D, Tb, 1]
                    attachAll(b, rows);
                    dS = dS.addi(rows.mul(s0));                   // [B, nh, D, Tb, t1]
                }
                if (f.columnScale() != null) {
                    NDArray columns = f.columnScale().get(":, :, :, :, :{}", t1); // [B, nh, D, 1, t1]
                    attachAll(b, columns);
                    dS = dS.addi(columns.mul(s0));                // [B, nh, D, Tb, t1]
                }
            }
            NDArray shifted;
            if (scores.none) {
                NDArray s = scores.masked.get(":, :, :, {}:{}, :{}", t0, t1, t1); // [B, nh, 1, Tb, t1]
                attachAll(b, s);
                shifted = dS.addi(s);                             // [B, nh, D, Tb, t1]
            } else {
                NDArray s = scores.scaled.get(":, :, :, {}:{}, :{}", t0, t1, t1); // [B, nh, 1, Tb, t1]
                NDArray bias = scores.bias.get(":, :, :, {}:{}, :{}", t0, t1, t1); // [B, 1|nh, 1, Tb, t1]
                attachAll(b, s, bias);
                NDArray moved = dS.addi(s);                       // [B, nh, D, Tb, t1]
                NDArray transformed = scores.a.scoreTransform().apply(moved); // [B, nh, D, Tb, t1]
                shifted = transformed.add(bias);                  // [B, nh, D, Tb, t1]
            }
            NDArray p2 = shifted.softmax(-1);                     // [B, nh, D, Tb, t1]
            NDArray diff = p2.subi(p);                            // [B, nh, D, Tb, t1]
            if (queryValid != null) {
                NDArray rowsValid = queryValid.get(":, :, :, {}:{}, :", t0, t1); // [B, 1, 1, Tb, 1]
                attachAll(b, rowsValid);
                diff = diff.muli(rowsValid);                      // [B, nh, D, Tb, t1]
            }
            NDArray squares = diff.muli(diff);                    // [B, nh, D, Tb, t1]
            NDArray sum = squares.sum(new int[] {3, 4});          // [B, nh, D]
            sum.attach(c);
            return sum;
        }
    }

    /** Block-local views of longer-lived arrays: closed with the block (a view's close frees the view, not the data). */
    private static void attachAll(NDManager block, NDArray... views) {
        for (NDArray v : views) {
            v.attach(block);
        }
    }
}
