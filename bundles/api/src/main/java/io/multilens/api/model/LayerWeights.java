package io.multilens.api.model;

import ai.djl.ndarray.NDArray;

/**
 * One decoder layer's projection weights in Hugging Face layout ({@code [out, in]}). Shared with
 * the model: never modify or close them. Biases are null when the architecture has none.
 */
public record LayerWeights(NDArray q, NDArray k, NDArray v, NDArray o, NDArray qBias, NDArray kBias,
                           NDArray vBias, NDArray gate, NDArray up, NDArray down) {
}
