package io.multilens.plnd.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.HeadTransform;

/**
 * Zeroing input dimension d of a head that is RMS-normalised before a linear transform L:
 * with r = sqrt(mean(x^2) + eps) and r' = sqrt(r^2 - x_d^2 / hd) the norm without x_d,
 * {@code norm(x - x_d e_d) = (r / r') norm(x) - (gain_d x_d / r') e_d}, so the transformed vector
 * moves by {@code (r / r' - 1) L(norm(x)) - (gain_d x_d / r') L(e_d)}: the whole head rescaled
 * (its scores with every key move by the same factor) and one removed entry carried by L.
 */
final class HeadNormChange {

    private final NDArray rescale;
    private final NDArray removed;

    private HeadNormChange(NDArray rescale, NDArray removed) {
        this.rescale = rescale;
        this.removed = removed;
    }

    /** @param x [B, n, T, hd] the projected queries or keys; null when {@code norm} is null */
    static HeadNormChange of(NDManager scope, NDArray x, HeadTransform.HeadNorm norm) {
        if (norm == null) {
            return null;
        }
        int hd = Math.toIntExact(x.getShape().get(3));
        NDArray squares = x.square();                             // [B, n, T, hd]
        NDArray meanSquare = squares.mean(new int[] {3}, true);   // [B, n, T, 1]
        NDArray r2 = meanSquare.add((float) norm.eps());          // [B, n, T, 1]
        NDArray r = r2.sqrt();                                    // [B, n, T, 1]
        NDArray share = squares.div(hd);                          // [B, n, T, hd]  x_d^2 / hd
        NDArray difference = r2.sub(share);                       // [B, n, T, hd]  r'^2 for each d
        // r'^2 >= eps exactly; float32 rounding of a dominant dimension must not take it below
        NDArray reduced = difference.maximum((float) norm.eps()); // [B, n, T, hd]
        NDArray rPrime = reduced.sqrt();                          // [B, n, T, hd]
        NDArray ratio = r.div(rPrime);                            // [B, n, T, hd]
        NDArray rescale = ratio.sub(1f);                          // [B, n, T, hd]  r / r' - 1
        NDArray gain = Scoped.copy(scope, norm.gain());           // [hd]
        NDArray weighted = x.mul(gain);                           // [B, n, T, hd]  gain_d x_d
        NDArray removed = weighted.div(rPrime);                   // [B, n, T, hd]  gain_d x_d / r'
        return new HeadNormChange(rescale, removed);
    }

    /** r / r' - 1 for each token and zeroed dimension: [B, n, T, hd]. */
    NDArray rescale() {
        return rescale;
    }

    /** gain_d x_d / r': the entry zeroing d removes before the linear transform, [B, n, T, hd]. */
    NDArray removed() {
        return removed;
    }

    /** The query-side rescale of dimensions d0..d1 as a row scale of the scores: [B, n, D, T, 1]. */
    NDArray rows(NDManager chunk, int d0, int d1) {
        NDArray part = rescale.get(":, :, :, {}:{}", d0, d1);     // [B, n, T, D]
        part.attach(chunk);
        NDArray byDim = part.transpose(0, 1, 3, 2);               // [B, n, D, T]
        return byDim.expandDims(4);                               // [B, n, D, T, 1]
    }
}
