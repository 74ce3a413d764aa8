package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The additive attention mask: 0 where a query may see a key, a large negative number where it
 * may not (a later key, a padding key, or one beyond the sliding window). Finite rather than
 * -infinity so that a query that sees nothing (a left-padding row) gets a harmless uniform row
 * instead of NaN.
 */
public final class AttentionBias {

    public static final float MASKED = -1e30f;

    private AttentionBias() {
    }

    /**
     * @param keyValid    [B][S] whether each key column is a real token
     * @param queryOffset column of the first query among the S keys (the KV cache length)
     * @param queries     T
     * @param window      sliding window in tokens, 0 for none
     * @return [B, 1, T, S]
     */
    public static NDArray of(NDManager manager, boolean[][] keyValid, int queryOffset, int queries, int window) {
        int b = keyValid.length;
        int s = keyValid[0].length;
        float[] causal = new float[queries * s];
        for (int q = 0; q < queries; q++) {
            int column = queryOffset + q;
            for (int k = 0; k < s; k++) {
                boolean visible = k <= column && (window <= 0 || column - k < window);
                causal[q * s + k] = visible ? 0f : MASKED;
            }
        }
        float[] padding = new float[b * s];
        for (int r = 0; r < b; r++) {
            for (int k = 0; k < s; k++) {
                padding[r * s + k] = keyValid[r][k] ? 0f : MASKED;
            }
        }
        try (NDArray c = manager.create(causal, new Shape(1, 1, queries, s));    // [1,1,T,S]
             NDArray p = manager.create(padding, new Shape(b, 1, 1, s))) {       // [B,1,1,S]
            return c.add(p);                                                     // [B,1,T,S]
        }
    }
}
