package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import io.multilens.api.model.HeadTransform;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A trace's q or k path for a model that RMS-normalises each head before rotating it (Qwen3,
 * Gemma-3): applies both as the forward pass does, and describes itself to analyses as that norm
 * followed by the rotation's scaled permutations.
 */
public final class NormThenRotate {

    private NormThenRotate() {
    }

    /**
     * @param norm      the head norm's factor and epsilon; null for a model without one (the rotation is returned)
     * @param normalize the forward pass's own normalisation of [..., T, hd] heads
     * @param rotate    the rotation of the trace's positions
     */
    public static HeadTransform of(HeadTransform.HeadNorm norm, UnaryOperator<NDArray> normalize, HeadTransform rotate) {
        if (norm == null) {
            return rotate;
        }
        return new HeadTransform() {
            @Override
            public NDArray apply(NDArray x) {
                return rotate.apply(normalize.apply(x));
            }

            @Override
            public List<Term> linearTerms() {
                return rotate.linearTerms();
            }

            @Override
            public HeadNorm headNorm() {
                return norm;
            }
        };
    }
}
