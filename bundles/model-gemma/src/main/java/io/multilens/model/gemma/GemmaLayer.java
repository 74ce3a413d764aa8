package io.multilens.model.gemma;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.kit.StoredWeight;
import io.multilens.kit.Workspace;
import io.multilens.api.model.LayerWeights;

/**
 * One Gemma layer's parameters as stored: four RMS-norm gains (float32, as the checkpoint stores
 * them: offsets from 1), Gemma-3's per-head q/k norm gains (likewise; null for Gemma-2) with their
 * effective factors 1 + w for traces, and the seven projection matrices in the model's dtype.
 */
record GemmaLayer(NDArray inputNorm, NDArray postAttentionNorm, NDArray preFeedforwardNorm,
                  NDArray postFeedforwardNorm, NDArray qNorm, NDArray kNorm, NDArray qGain, NDArray kGain,
                  StoredWeight q, StoredWeight k, StoredWeight v, StoredWeight o,
                  StoredWeight gate, StoredWeight up, StoredWeight down) {

    /** The projections in float32 for one forward pass through this layer, in the pass's reused buffers. */
    LayerWeights widen(Workspace w) {
        return new LayerWeights(q.widen(w, "q"), k.widen(w, "k"), v.widen(w, "v"), o.widen(w, "o"), null, null, null,
                gate.widen(w, "gate"), up.widen(w, "up"), down.widen(w, "down"));
    }

    /** The projections in float32 for one use of this layer: copies in {@code scope} unless stored in float32. */
    LayerWeights widen(NDManager scope) {
        return new LayerWeights(q.widen(scope), k.widen(scope), v.widen(scope), o.widen(scope), null, null, null,
                gate.widen(scope), up.widen(scope), down.widen(scope));
    }

    StoredWeight[] matrices() {
        return new StoredWeight[] {q, k, v, o, gate, up, down};
    }

    NDArray[] norms() {
        return qNorm == null ? new NDArray[] {inputNorm, postAttentionNorm, preFeedforwardNorm, postFeedforwardNorm}
                : new NDArray[] {inputNorm, postAttentionNorm, preFeedforwardNorm, postFeedforwardNorm, qNorm, kNorm};
    }
}
