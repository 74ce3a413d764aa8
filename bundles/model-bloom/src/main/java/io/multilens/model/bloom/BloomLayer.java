package io.multilens.model.bloom;

import ai.djl.ndarray.NDArray;

/**
 * One BLOOM block's parameters in float32, Hugging Face layout ({@code [out, in]}). {@code qkv} is
 * the fused projection [3H, H] whose rows, viewed as [nh, 3, hd], hold q, k and v of each head together.
 */
record BloomLayer(NDArray inputNormWeight, NDArray inputNormBias, NDArray qkv, NDArray qkvBias,
                  NDArray dense, NDArray denseBias, NDArray postNormWeight, NDArray postNormBias,
                  NDArray up, NDArray upBias, NDArray down, NDArray downBias) {
}
