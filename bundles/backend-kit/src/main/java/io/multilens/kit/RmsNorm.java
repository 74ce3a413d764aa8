package io.multilens.kit;

import ai.djl.ndarray.NDArray;

/**
 * Root-mean-square normalisation over the last axis, as Hugging Face's LlamaRMSNorm (gain used as
 * stored) and GemmaRMSNorm (gain stored as an offset from 1). Operations are called on x, so the
 * results land in its manager.
 */
public final class RmsNorm {

    private RmsNorm() {
    }

    /** x / sqrt(mean(x^2) + eps) * weight. */
    public static NDArray apply(NDArray x, NDArray weight, float eps) {
        NDArray normed = normalise(x, eps);                             // [...,n]
        return normed.mul(weight);                                      // [...,n]
    }

    /** x / sqrt(mean(x^2) + eps) * (1 + weight): Gemma's norms, whose checkpoints store weight - 1. */
    public static NDArray applyOffset(NDArray x, NDArray weight, float eps) {
        NDArray normed = normalise(x, eps);                             // [...,n]
        NDArray scaled = normed.mul(weight);                            // [...,n]
        return scaled.add(normed);                                      // [...,n]
    }

    private static NDArray normalise(NDArray x, float eps) {
        int last = x.getShape().dimension() - 1;
        NDArray squares = x.square();                                   // [...,n]
        NDArray meanSquare = squares.mean(new int[] {last}, true);     // [...,1]
        NDArray shifted = meanSquare.add(eps);                          // [...,1]
        NDArray rms = shifted.sqrt();                                   // [...,1]
        return x.div(rms);                                              // [...,n]
    }
}
