package io.multilens.plnd.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * The squared change of attention probabilities when each of a head's dimensions in turn is
 * perturbed. The score shift of dimension d is low-rank in (query, key):
 * {@code dS[b, h, d, t, s] = Σ_i left_i[b, h, t, d] * right_i[b, h, s, d]}, so one batched matrix
 * product builds it. It is added to the model's masked scores, softmaxed like the model, and
 * compared with the unablated probabilities (padding query rows excluded).
 *
 * <p>Work is cut two ways. Dimensions go in chunks of at most {@code chunk}, and query rows in
 * blocks: rows t0..t1 see only keys up to t1 under the causal mask, so a block's softmax runs over
 * t1 columns, not T — about half the work of the full square — and each block's
 * {@code [B, nh, D, rows, t1]} intermediates stay small. Every chunk lives in its own manager.
 */
final class ProbabilityChange {

    /** One rank-1 term of the score shift: left [B, nh, T, hd] (queries' side), right [B, nh, T, hd] (keys' side). */
    record Term(NDArray left, NDArray right) {
    }

    /** Reduces one chunk's per-head squared change [B, nh, D] further (or returns it). */
    @FunctionalInterface
    interface Reduce {
        NDArray apply(NDArray perHead);
    }

    /** Query rows per block; a block of T rows is the unblocked computation. */
    static int blockRows(long tokens) {
        return (int) Math.max(32, (tokens + 7) / 8);
    }

    private ProbabilityChange() {
    }

    /** The per-dimension squared change, reduced, concatenated over chunks along axis 2. */
    static NDArray squared(AttentionBatch a, int chunk, List<Term> terms, Reduce reduce) {
        return squared(a, chunk, terms, reduce, blockRows(a.tokens));
    }

    /** As {@link #squared(AttentionBatch, int, List, Reduce)}, with query blocks of {@code rows} rows. */
    static NDArray squared(AttentionBatch a, int chunk, List<Term> terms, Reduce reduce, int rows) {
        NDArray scores = a.maskedScores().expandDims(2);          // [B, nh, 1, T, T]
        NDArray probs = a.probs().expandDims(2);                  // [B, nh, 1, T, T]
        NDArray queryValid = a.hasPadding() ? a.queryValid() : null; // [B, 1, 1, T, 1]
        List<NDArray> parts = new ArrayList<>();
        for (int d0 = 0; d0 < a.headDim; d0 += chunk) {
            int d1 = Math.min(a.headDim, d0 + chunk);
            try (NDManager c = a.scope.newSubManager()) {
                NDArray left = factors(c, terms, d0, d1, true);   // [B, nh, D, T, r]
                NDArray right = factors(c, terms, d0, d1, false); // [B, nh, D, r, T]
                NDArray total = null;
                for (int t0 = 0; t0 < a.tokens; t0 += rows) {
                    int t1 = (int) Math.min(a.tokens, t0 + rows);
                    NDArray block = blockChange(c, left, right, scores, probs, queryValid, t0, t1); // [B, nh, D]
                    total = total == null ? block : total.addi(block);
                }
                NDArray reduced = reduce.apply(total);            // [B, *, D]
                reduced.attach(a.scope);
                parts.add(reduced);
            }
        }
        return NDArrays.concat(new NDList(parts), 2);             // [B, *, hd]
    }

    /** The terms' columns d0..d1 side by side: left [B, nh, D, T, r] or right [B, nh, D, r, T]. */
    private static NDArray factors(NDManager c, List<Term> terms, int d0, int d1, boolean left) {
        NDList columns = new NDList();
        for (Term term : terms) {
            NDArray x = (left ? term.left() : term.right()).get(":, :, :, {}:{}", d0, d1); // [B, nh, T, D]
            x.attach(c);
            NDArray byDim = x.transpose(0, 1, 3, 2);              // [B, nh, D, T]
            columns.add(byDim.expandDims(left ? 4 : 3));          // [B, nh, D, T, 1] or [B, nh, D, 1, T]
        }
        return NDArrays.concat(columns, left ? 4 : 3);            // [B, nh, D, T, r] or [B, nh, D, r, T]
    }

    /** Σ over rows t0..t1 and their visible keys of (softmax(S + dS) - P)²: [B, nh, D]. */
    private static NDArray blockChange(NDManager c, NDArray left, NDArray right, NDArray scores, NDArray probs,
                                       NDArray queryValid, int t0, int t1) {
        try (NDManager b = c.newSubManager()) {
            NDArray l = left.get(":, :, :, {}:{}, :", t0, t1);    // [B, nh, D, Tb, r]
            NDArray r = right.get(":, :, :, :, :{}", t1);         // [B, nh, D, r, t1]
            NDArray s = scores.get(":, :, :, {}:{}, :{}", t0, t1, t1); // [B, nh, 1, Tb, t1]
            NDArray p = probs.get(":, :, :, {}:{}, :{}", t0, t1, t1);  // [B, nh, 1, Tb, t1]
            b.tempAttachAll(l, r, s, p);
            NDArray dS = l.matMul(r);                             // [B, nh, D, Tb, t1]
            NDArray shifted = dS.addi(s);                         // [B, nh, D, Tb, t1]
            NDArray p2 = shifted.softmax(-1);                     // [B, nh, D, Tb, t1]
            NDArray diff = p2.subi(p);                            // [B, nh, D, Tb, t1]
            if (queryValid != null) {
                NDArray rowsValid = queryValid.get(":, :, :, {}:{}, :", t0, t1); // [B, 1, 1, Tb, 1]
                b.tempAttachAll(rowsValid);
                diff = diff.muli(rowsValid);                      // [B, nh, D, Tb, t1]
            }
            NDArray squares = diff.muli(diff);                    // [B, nh, D, Tb, t1]
            NDArray sum = squares.sum(new int[] {3, 4});          // [B, nh, D]
            sum.attach(c);
            return sum;
        }
    }
}
