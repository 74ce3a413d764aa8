package io.multilens.api.model;

/**
 * Sees one layer's activations at a time during a forward pass, so an analysis holds one layer's
 * tensors, not the whole model's.
 */
public interface LayerProbe {

    /** Called after layer {@code layer}'s attention block. */
    default void attention(int layer, AttentionTrace trace) {
    }

    /** Called after layer {@code layer}'s MLP block. */
    default void mlp(int layer, MlpTrace trace) {
    }
}
