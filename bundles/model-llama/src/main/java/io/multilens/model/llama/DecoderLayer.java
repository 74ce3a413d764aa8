package io.multilens.model.llama;

import ai.djl.ndarray.NDArray;
import io.multilens.api.model.LayerWeights;

/** One decoder layer's parameters: the two RMS-norm gains and the projections. */
record DecoderLayer(NDArray inputNorm, NDArray postAttentionNorm, LayerWeights proj) {
}
