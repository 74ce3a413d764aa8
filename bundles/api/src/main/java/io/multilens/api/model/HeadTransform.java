package io.multilens.api.model;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a model does to one head's query (or key) vectors between the projection and the score
 * product, exactly as its forward pass does it: a per-head norm (Qwen3, Gemma-3), a rotary position
 * transform (Llama family), nothing (BLOOM). Analyses apply it to changed queries or keys (one
 * dimension zeroed) and so see the exact effect of the change without knowing the architecture.
 *
 * <p>Operations are called on {@code x}, so every result lands in {@code x}'s manager.
 */
@ConsumerType
@FunctionalInterface
public interface HeadTransform {

    /** The identity: queries and keys enter the scores as projected. */
    HeadTransform NONE = new HeadTransform() {
        @Override
        public NDArray apply(NDArray x) {
            return x;
        }

        @Override
        public List<Term> linearTerms() {
            return List.of(new Term(null, null));
        }
    };

    /**
     * @param x [..., T, hd]: any leading axes, the last two the trace's tokens (their positions are
     *          the trace's) and the head dimension
     * @return [..., T, hd]
     */
    NDArray apply(NDArray x);

    /**
     * The transform as a sum of scaled permutations of the head's dimensions, when it is one:
     * {@code out[..., t, e] = Σ_j coefficients_j[t, e] * x[..., t, source_j[e]]} (the identity: one
     * term; rotate-half rotary embeddings: two). Zeroing one input dimension then moves one output
     * dimension per term, and analyses score it from those few columns instead of the whole head.
     * When {@link #headNorm()} is not null the terms describe only what follows that norm, so a
     * caller must look at the norm first. Null (the default) when the transform is neither of these
     * forms: analyses then apply it.
     */
    default List<Term> linearTerms() {
        return null;
    }

    /**
     * When the transform first RMS-normalises each head over its dimensions (Qwen3's and Gemma-3's
     * q/k norms) and then applies {@link #linearTerms()}: that norm. Zeroing one input dimension
     * then rescales the whole normalised head by a known factor and removes one entry, which
     * analyses use instead of applying the transform. Null (the default) otherwise.
     */
    default HeadNorm headNorm() {
        return null;
    }

    /**
     * {@code x / sqrt(mean(x^2) + eps) * gain} over the head dimension.
     *
     * @param gain [hd] the factor as the model multiplies (Gemma's stored weight plus one)
     */
    record HeadNorm(NDArray gain, double eps) {
    }

    /**
     * One scaled permutation.
     *
     * @param source       {@code source[e]}: the input dimension output e reads; a permutation of 0..hd-1; null for the identity
     * @param coefficients [T, hd] the factor of each output; null for 1
     */
    record Term(int[] source, NDArray coefficients) {
    }
}
