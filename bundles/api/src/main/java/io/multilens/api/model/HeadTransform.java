package io.multilens.api.model;

import ai.djl.ndarray.NDArray;
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
    HeadTransform NONE = x -> x;

    /**
     * @param x [..., T, hd]: any leading axes, the last two the trace's tokens (their positions are
     *          the trace's) and the head dimension
     * @return [..., T, hd]
     */
    NDArray apply(NDArray x);
}
