package io.multilens.plnd.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.multilens.api.model.HeadTransform;

/**
 * The exact change of transformed queries (or keys) when one pre-transform dimension is zeroed:
 * the model's own transform (norms, position embeddings, whatever the backend does) is applied to
 * copies with dimension d zeroed, one copy per d of a chunk, and the unablated result subtracted.
 * PLND so needs no knowledge of the architecture: a per-head norm re-normalises the head, a rotating
 * transform moves the zeroed value into its partner dimension, and both show in the difference.
 */
final class ZeroedDimensions {

    private ZeroedDimensions() {
    }

    /**
     * @param pre  [B, n, T, hd] as projected
     * @param post [B, n, T, hd] transform(pre), as the scores use it
     * @return [B, n, D, T, hd] in {@code chunk}: transform(pre with dimension d0 + j zeroed) - post, for j < D = d1 - d0
     */
    static NDArray change(NDManager chunk, NDArray pre, NDArray post, HeadTransform transform, int d0, int d1) {
        int hd = Math.toIntExact(pre.getShape().get(3));
        int dims = d1 - d0;
        float[] keep = new float[dims * hd];
        java.util.Arrays.fill(keep, 1f);
        for (int j = 0; j < dims; j++) {
            keep[j * hd + d0 + j] = 0f;
        }
        NDArray mask = chunk.create(keep, new Shape(dims, 1, hd)); // [D, 1, hd]
        NDArray expanded = pre.expandDims(2);                      // [B, n, 1, T, hd]
        expanded.attach(chunk);
        NDArray zeroed = expanded.mul(mask);                       // [B, n, D, T, hd]
        NDArray moved = transform.apply(zeroed);                   // [B, n, D, T, hd]
        NDArray base = post.expandDims(2);                         // [B, n, 1, T, hd]
        base.attach(chunk);
        return moved.sub(base);                                    // [B, n, D, T, hd]
    }
}
