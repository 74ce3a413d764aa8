package io.multilens.api.model;

import ai.djl.ndarray.NDArray;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a model does to its scaled attention scores, element by element, before it adds the mask
 * and takes the softmax: Gemma-2's soft-capping {@code cap * tanh(s / cap)}, or nothing.
 *
 * <p>Operations are called on {@code scores}, so every result lands in its manager.
 */
@ConsumerType
@FunctionalInterface
public interface ScoreTransform {

    /** Scores enter the softmax as scaled (every architecture but Gemma-2). */
    ScoreTransform NONE = s -> s;

    /** @param scores [...] scaled scores, any shape; returns the same shape */
    NDArray apply(NDArray scores);

    /** True for {@link #NONE}: analyses can then add score changes to the masked scores directly. */
    default boolean isNone() {
        return this == NONE;
    }
}
