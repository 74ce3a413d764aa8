package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.LayerProbe;
import org.osgi.annotation.versioning.ConsumerType;

/** A decoder's forward pass as {@link Generator} drives it: the residual stream, then logits from it. */
@ConsumerType
public interface ForwardPass {

    /**
     * The residual stream after the last layer, before the final norm: [B, T, H], in {@code m}.
     * With a cache, the batch holds only the new tokens and the cache grows by them.
     */
    default NDArray forward(NDManager m, TokenBatch batch, KvCache cache, NeuronMasks masks, LayerProbe probe) {
        return forward(m, batch, cache, masks, probe, LayerRange.ALL);
    }

    /**
     * The residual stream after block {@code layers.to() - 1} (or the last), [B, T, H], in {@code m},
     * running only the blocks of {@code layers} (from the embeddings or from the stream it gives).
     */
    NDArray forward(NDManager m, TokenBatch batch, KvCache cache, NeuronMasks masks, LayerProbe probe, LayerRange layers);

    /** Logits of residual-stream rows: [..., H] -> [..., V], in {@code m}. */
    NDArray logits(NDManager m, NDArray x);

    /**
     * The LM head alone, without the final norm (and whatever the architecture does after the
     * head, such as a final soft cap): [..., H] -> [..., V], in {@code m}. The logit lens of the
     * paper's Fig. 1 decodes intermediate layers this way.
     */
    NDArray head(NDManager m, NDArray x);
}
