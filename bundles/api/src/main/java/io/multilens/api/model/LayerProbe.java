package io.multilens.api.model;

import ai.djl.ndarray.NDArray;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Sees one layer's activations at a time during a forward pass, so an analysis holds one layer's
 * tensors, not the whole model's.
 */
@ConsumerType
public interface LayerProbe {

    /** Called after layer {@code layer}'s attention block. */
    default void attention(int layer, AttentionTrace trace) {
    }

    /** Called after layer {@code layer}'s MLP block. */
    default void mlp(int layer, MlpTrace trace) {
    }

    /**
     * The residual stream [B, T, H] at {@code depth}: 0 is the token embeddings as the first block
     * reads them (BLOOM: after its embedding LayerNorm), depth i + 1 the output of block i; no final
     * norm applied. {@code valid} [B, T] is 1 for real tokens. Arrays belong to the forward pass.
     */
    default void residual(int depth, NDArray hidden, NDArray valid) {
    }
}
