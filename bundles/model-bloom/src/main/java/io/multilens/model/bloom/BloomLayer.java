package io.multilens.model.bloom;

import ai.djl.ndarray.NDArray;
import io.multilens.kit.StoredWeight;

/**
 * One BLOOM block's parameters, Hugging Face layout ({@code [out, in]}): the four matrices in the
 * model's dtype, LayerNorm gains and biases in float32. {@code qkv} is the fused projection [3H, H]
 * whose rows, viewed as [nh, 3, hd], hold q, k and v of each head together.
 */
record BloomLayer(NDArray inputNormWeight, NDArray inputNormBias, StoredWeight qkv, NDArray qkvBias,
                  StoredWeight dense, NDArray denseBias, NDArray postNormWeight, NDArray postNormBias,
                  StoredWeight up, NDArray upBias, StoredWeight down, NDArray downBias) {

    StoredWeight[] matrices() {
        return new StoredWeight[] {qkv, dense, up, down};
    }

    NDArray[] vectors() {
        return new NDArray[] {inputNormWeight, inputNormBias, qkvBias, denseBias, postNormWeight, postNormBias, upBias, downBias};
    }
}
