package io.multilens.plnd.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * The squared change of attention probabilities when each of a head's dimensions in turn is
 * perturbed: a score shift {@code dS[b, h, d, t, s]} per dimension d is added to the model's
 * masked scores, softmaxed like the model, and compared with the unablated probabilities
 * (padding query rows excluded). Dimensions go in chunks of at most {@code chunk} so the
 * {@code [B, nh, chunk, T, T]} intermediates bound the memory; each chunk lives in its own
 * manager and is freed before the next.
 */
final class ProbabilityChange {

    /** Builds the score shift of dimensions [d0, d1) inside the chunk manager. */
    @FunctionalInterface
    interface Shift {
        NDArray apply(NDManager chunk, int d0, int d1);
    }

    /** Reduces one chunk's per-head squared change [B, nh, D] further (or returns it). */
    @FunctionalInterface
    interface Reduce {
        NDArray apply(NDArray perHead);
    }

    private ProbabilityChange() {
    }

    /** The per-dimension squared change, reduced, concatenated over chunks along axis 2. */
    static NDArray squared(AttentionBatch a, int chunk, Shift shift, Reduce reduce) {
        NDArray scores = a.maskedScores().expandDims(2);          // [B, nh, 1, T, T]
        NDArray probs = a.probs().expandDims(2);                  // [B, nh, 1, T, T]
        List<NDArray> parts = new ArrayList<>();
        for (int d0 = 0; d0 < a.headDim; d0 += chunk) {
            int d1 = Math.min(a.headDim, d0 + chunk);
            try (NDManager c = a.scope.newSubManager()) {
                NDArray dS = shift.apply(c, d0, d1);              // [B, nh, D, T, T]
                NDArray perHead = change(dS, scores, probs, a.queryValid()); // [B, nh, D]
                NDArray reduced = reduce.apply(perHead);          // [B, *, D]
                reduced.attach(a.scope);
                parts.add(reduced);
            }
        }
        return NDArrays.concat(new NDList(parts), 2);             // [B, *, hd]
    }

    /** Σ over (t, s) of (softmax(S + dS) - P)², real query rows only; frees each step's input. */
    private static NDArray change(NDArray dS, NDArray scores, NDArray probs, NDArray queryValid) {
        NDArray shifted = dS.add(scores);                         // [B, nh, D, T, T]
        dS.close();
        NDArray p2 = shifted.softmax(-1);                         // [B, nh, D, T, T]
        shifted.close();
        NDArray diff = p2.sub(probs);                             // [B, nh, D, T, T]
        p2.close();
        NDArray rows = diff.mul(queryValid);                      // [B, nh, D, T, T]
        diff.close();
        NDArray squares = rows.square();                          // [B, nh, D, T, T]
        rows.close();
        return squares.sum(new int[] {3, 4});                     // [B, nh, D]
    }

    /**
     * {@code left[b, h, t, d] * right[b, h, s, d]} for d in [d0, d1), i.e. one outer product over
     * positions per dimension: [B, nh, D, T, T], in the chunk manager.
     */
    static NDArray outer(NDManager chunk, NDArray left, NDArray right, int d0, int d1) {
        NDArray l = left.get(":, :, :, {}:{}", d0, d1);         // [B, nh, T, D]
        l.attach(chunk);
        NDArray r = right.get(":, :, :, {}:{}", d0, d1);        // [B, nh, T, D]
        r.attach(chunk);
        NDArray lt = l.transpose(0, 1, 3, 2);                     // [B, nh, D, T]
        NDArray rt = r.transpose(0, 1, 3, 2);                     // [B, nh, D, T]
        NDArray column = lt.expandDims(4);                        // [B, nh, D, T, 1]
        NDArray row = rt.expandDims(3);                           // [B, nh, D, 1, T]
        return column.mul(row);                                   // [B, nh, D, T, T]
    }
}
