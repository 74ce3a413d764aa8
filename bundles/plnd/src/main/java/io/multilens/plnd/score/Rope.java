package io.multilens.plnd.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Rotate-half RoPE bookkeeping for zeroing one pre-RoPE dimension d. With
 * {@code x' = x*cos + rotate_half(x)*sin}, x[d] reaches two outputs: x'[d] through
 * {@code cos[d]} and its partner p(d) = (d + hd/2) mod hd through {@code s_d * sin[p(d)]}, where
 * s_d is +1 for the first half and -1 for the second (rotate_half negates the second half).
 * Zeroing x[d] therefore changes x'[d] by {@code -x[d]cos[d]} and x'[p(d)] by
 * {@code -x[d] s_d sin[p(d)]}.
 */
final class Rope {

    private Rope() {
    }

    /** {@code y[..., d] = x[..., p(d)]}: the two halves of the last axis swapped. */
    static NDArray partner(NDArray x) {
        int last = x.getShape().dimension() - 1;                  // DJL's split takes no negative axis
        NDList halves = x.split(2, last);                         // 2 x [..., hd/2]
        return halves.get(1).concat(halves.get(0), last);         // [..., hd]
    }

    /** {@code s_d * sin[t, p(d)]}, the weight of x[d] in x'[p(d)]: [T, hd]. */
    static NDArray partnerSin(NDManager scope, NDArray sin) {
        int hd = Math.toIntExact(sin.getShape().get(1));
        float[] signs = new float[hd];
        for (int d = 0; d < hd; d++) {
            signs[d] = d < hd / 2 ? 1f : -1f;
        }
        NDArray s = scope.create(signs);                          // [hd]
        NDArray swapped = partner(sin);                           // [T, hd]
        return swapped.mul(s);                                    // [T, hd]
    }
}
