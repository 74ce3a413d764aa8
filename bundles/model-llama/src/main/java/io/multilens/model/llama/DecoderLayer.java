package io.multilens.model.llama;

import io.multilens.kit.*;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.LayerWeights;

/**
 * One decoder layer's parameters as stored: the two RMS-norm gains, Qwen3's per-head q/k norm
 * gains and Qwen2's q/k/v biases (float32, tiny; null where the variant has none) and the seven
 * projection matrices in the model's dtype — or, for Phi-3, q/k/v as one fused matrix and gate/up
 * as another ({@code fused}; q, k, v, gate and up are then null).
 */
record DecoderLayer(NDArray inputNorm, NDArray postAttentionNorm, StoredWeight q, StoredWeight k, StoredWeight v,
                    StoredWeight o, NDArray qBias, NDArray kBias, NDArray vBias, NDArray qNorm, NDArray kNorm,
                    StoredWeight gate, StoredWeight up, StoredWeight down, Fused fused) {

    /**
     * Phi-3's fused projections: qkv rows [0, qDim) are q, the next kvDim rows k, the last kvDim v;
     * gateUp rows [0, intermediate) are the gate, the rest the up projection.
     */
    record Fused(StoredWeight qkv, StoredWeight gateUp, int qDim, int kvDim, int intermediate) {
    }

    /** The projections in float32 for one forward pass through this layer, in the pass's reused buffers. */
    LayerWeights widen(Workspace w) {
        if (fused != null) {
            return split(fused.qkv().widen(w, "qkv"), o.widen(w, "o"), fused.gateUp().widen(w, "gateUp"),
                    down.widen(w, "down"));
        }
        return new LayerWeights(q.widen(w, "q"), k.widen(w, "k"), v.widen(w, "v"), o.widen(w, "o"), qBias, kBias,
                vBias, gate.widen(w, "gate"), up.widen(w, "up"), down.widen(w, "down"));
    }

    /** The projections in float32 for one use of this layer: copies in {@code scope} unless stored in float32. */
    LayerWeights widen(NDManager scope) {
        if (fused != null) {
            return split(fused.qkv().widen(scope), o.widen(scope), fused.gateUp().widen(scope), down.widen(scope));
        }
        return new LayerWeights(q.widen(scope), k.widen(scope), v.widen(scope), o.widen(scope), qBias, kBias, vBias,
                gate.widen(scope), up.widen(scope), down.widen(scope));
    }

    /** The fused matrices' row blocks as separate projections (views, no copies). */
    private LayerWeights split(NDArray qkv, NDArray wo, NDArray gateUp, NDArray wd) {
        int qd = fused.qDim();
        int kvd = fused.kvDim();
        int i = fused.intermediate();
        return new LayerWeights(qkv.get("0:{}, :", qd), qkv.get("{}:{}, :", qd, qd + kvd),
                qkv.get("{}:{}, :", qd + kvd, qd + 2 * kvd), wo, null, null, null, gateUp.get("0:{}, :", i),
                gateUp.get("{}:{}, :", i, 2 * i), wd);
    }

    StoredWeight[] matrices() {
        return fused != null ? new StoredWeight[] {fused.qkv(), o, fused.gateUp(), down}
                : new StoredWeight[] {q, k, v, o, gate, up, down};
    }
}
