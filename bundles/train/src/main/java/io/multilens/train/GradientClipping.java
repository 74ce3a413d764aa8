package io.multilens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collection;

/** Scales gradients so their global L2 norm is at most a limit, as torch's clip_grad_norm_. */
public final class GradientClipping {

    private GradientClipping() {
    }

    /** @return the norm before clipping */
    public static double clipGlobalNorm(NDManager scope, Collection<NDArray> grads, double limit) {
        double sumSquares = 0;
        for (NDArray g : grads) {
            try (NDManager tmp = scope.newSubManager()) {
                tmp.tempAttachAll(g);
                sumSquares += g.square().sum().getFloat();
            }
        }
        double norm = Math.sqrt(sumSquares);
        if (limit > 0 && norm > limit) {
            double factor = limit / (norm + 1e-6);
            grads.forEach(g -> g.muli(factor));
        }
        return norm;
    }
}
