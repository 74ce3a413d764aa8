package io.multilens.model.llama;

import io.multilens.kit.*;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.LayerWeights;

/**
 * One decoder layer's parameters as stored: the two RMS-norm gains, Qwen3's per-head q/k norm
 * gains and Qwen2's q/k/v biases (float32, tiny; null where the variant has none) and the seven
 * projection matrices in the model's dtype.
 */
record DecoderLayer(NDArray inputNorm, NDArray postAttentionNorm, StoredWeight q, StoredWeight k, StoredWeight v,
                    StoredWeight o, NDArray qBias, NDArray kBias, NDArray vBias, NDArray qNorm, NDArray kNorm,
                    StoredWeight gate, StoredWeight up, StoredWeight down) {

    /** The projections in float32 for one forward pass through this layer, in the pass's reused buffers. */
    LayerWeights widen(Workspace w) {
        return new LayerWeights(q.widen(w, "q"), k.widen(w, "k"), v.widen(w, "v"), o.widen(w, "o"), qBias, kBias,
                vBias, gate.widen(w, "gate"), up.widen(w, "up"), down.widen(w, "down"));
    }

    /** The projections in float32 for one use of this layer: copies in {@code scope} unless stored in float32. */
    LayerWeights widen(NDManager scope) {
        return new LayerWeights(q.widen(scope), k.widen(scope), v.widen(scope), o.widen(scope), qBias, kBias, vBias,
                gate.widen(scope), up.widen(scope), down.widen(scope));
    }

    StoredWeight[] matrices() {
        return new StoredWeight[] {q, k, v, o, gate, up, down};
    }
}
