package io.multilens.model.llama;

import io.multilens.kit.*;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import io.multilens.api.model.AttentionTrace;
import io.multilens.api.model.HeadTransform;
import io.multilens.api.model.ScoreTransform;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.model.LayerWeights;
import io.multilens.api.model.MlpTrace;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.neurons.Structure;

/**
 * The Llama forward pass (Mistral's sliding window, Qwen2's q/k/v biases, Qwen3's per-head q/k
 * norms) in float32, one tensor operation per line. Weights kept in 16 bits are
 * widened one layer at a time into that layer's scope (and the LM head in blocks of rows). Shapes: B batch, T new
 * tokens, S keys (cached + new), H hidden, nh/nkv query/key-value heads, hd head size, g = nh/nkv
 * query heads per key-value head, I intermediate, V vocabulary.
 *
 * <p>DJL puts an operation's result in the manager of its receiver, so every operation here is
 * called on an activation, never on a weight: each layer's activations then land in that layer's
 * sub-manager and are freed when the layer is done.
 */
final class Decoder implements io.multilens.kit.ForwardPass {

    private final ModelConfig config;
    private final ModelWeights weights;
    private final Variant variant;
    private final float eps;
    private final float scale;

    Decoder(ModelConfig config, ModelWeights weights, Variant variant) {
        this.config = config;
        this.weights = weights;
        this.variant = variant;
        this.eps = (float) config.rmsNormEps();
        this.scale = (float) (1.0 / Math.sqrt(config.headDim()));
    }

    /** What every layer of one forward pass shares. valid/traceRope are null without a probe. */
    private record Pass(NeuronMasks masks, KvCache cache, LayerProbe probe, RopeTables rope, NDArray bias,
                        NDArray valid, HeadTransform traceRope, Workspace workspace) {
    }

    /**
     * The residual stream after the last layer, before the final norm: [B, T, H], in {@code m}.
     * With a cache, the batch holds only the new tokens and the cache grows by them.
     */
    @Override
    public NDArray forward(NDManager m, TokenBatch batch, KvCache cache, NeuronMasks masks, LayerProbe probe,
                           LayerRange layers) {
        int offset = cache == null ? 0 : cache.length();
        boolean[][] keyValid = cache == null ? batch.valid() : cache.extend(batch.valid());
        int t = batch.length();
        RopeTables rope = RopeTables.of(m, variant.inverseFrequencies(), batch.positions());
        NDArray bias = AttentionBias.of(m, keyValid, offset, t, variant.slidingWindow());   // [B,1,T,S]
        Workspace workspace = new Workspace(m);
        Pass pass = probe == null
                ? new Pass(masks, cache, null, rope, bias, null, null, workspace)
                : new Pass(masks, cache, probe, rope, bias, batch.validArray(m), rope.shared(), workspace); // traces: right-padded
        NDArray x = layers.start() != null ? null : weights.embed().gather(m, batch.ids(), batch.size(), t); // [B,T,H]
        return LayerStack.run(m, x, layers, config.numLayers(), (i, h) -> layer(i, h, pass), masks, probe, pass.valid());
    }

    /** Logits of residual-stream rows: [..., H] -> [..., V], in {@code m}. */
    @Override
    public NDArray logits(NDManager m, NDArray x) {
        NDArray h = rmsNorm(x, weights.norm());                  // [...,H]
        return LmHead.logits(m, h, weights.lmHead());            // [...,V]
    }

    @Override
    public NDArray head(NDManager m, NDArray x) {
        return LmHead.logits(m, x, weights.lmHead());            // [...,V]
    }

    private NDArray layer(int i, NDArray x, Pass pass) {
        DecoderLayer stored = weights.layers().get(i);
        LayerWeights w = stored.widen(pass.workspace());         // float32 for this layer only
        NDArray h = rmsNorm(x, stored.inputNorm());              // [B,T,H]
        NDArray a = attention(i, h, w, stored, pass);            // [B,T,H]
        NDArray x1 = x.add(a);                                   // [B,T,H]
        NDArray h2 = rmsNorm(x1, stored.postAttentionNorm());    // [B,T,H]
        NDArray f = mlp(i, h2, w, pass);                         // [B,T,H]
        return x1.add(f);                                        // [B,T,H]
    }

    private NDArray attention(int i, NDArray x, LayerWeights w, DecoderLayer stored, Pass pass) {
        int hd = config.headDim();
        NDArray q = linear(x, w.q(), w.qBias());                        // [B,T,nh*hd]
        NDArray k = linear(x, w.k(), w.kBias());                        // [B,T,nkv*hd]
        NDArray v = linear(x, w.v(), w.vBias());                        // [B,T,nkv*hd]
        q = pass.masks().apply(q, i, Structure.Q);                      // [B,T,nh*hd]
        k = pass.masks().apply(k, i, Structure.K);                      // [B,T,nkv*hd]
        v = pass.masks().apply(v, i, Structure.V);                      // [B,T,nkv*hd]
        NDArray qh = GroupedAttention.heads(q, config.numHeads(), hd);   // [B,nh,T,hd]
        NDArray kh = GroupedAttention.heads(k, config.numKvHeads(), hd); // [B,nkv,T,hd]
        NDArray vh = GroupedAttention.heads(v, config.numKvHeads(), hd); // [B,nkv,T,hd]
        NDArray qn = normalizeHead(qh, stored.qNorm());                 // [B,nh,T,hd]  Qwen3's q_norm, else qh
        NDArray kn = normalizeHead(kh, stored.kNorm());                 // [B,nkv,T,hd]
        NDArray qr = pass.rope().apply(qn);                             // [B,nh,T,hd]
        NDArray kr = pass.rope().apply(kn);                             // [B,nkv,T,hd]
        GroupedAttention a = GroupedAttention.of(i, qr, kr, vh, pass.cache(), scale, ScoreTransform.NONE, pass.bias());
        NDArray ctx = pass.masks().apply(a.context(), i, Structure.O);  // [B,T,nh*hd]
        NDArray out = linear(ctx, w.o(), null);                         // [B,T,H]
        if (pass.probe() != null) {
            HeadTransform queryPath = NormThenRotate.of(headNorm(stored.qNorm()), y -> normalizeHead(y, stored.qNorm()),
                    pass.traceRope());
            HeadTransform keyPath = NormThenRotate.of(headNorm(stored.kNorm()), y -> normalizeHead(y, stored.kNorm()),
                    pass.traceRope());
            pass.probe().attention(i, new AttentionTrace(x, qh, kh, vh, qr, kr, queryPath, keyPath, scale,
                    ScoreTransform.NONE, pass.bias(), a.probs(), ctx, out, pass.valid()));
        }
        return out;
    }

    private NDArray mlp(int i, NDArray x, LayerWeights w, Pass pass) {
        NDArray gate = linear(x, w.gate(), null);                       // [B,T,I]
        NDArray up = linear(x, w.up(), null);                           // [B,T,I]
        NDArray sig = Activation.sigmoid(gate);                         // [B,T,I]
        NDArray silu = gate.mul(sig);                                   // [B,T,I]
        silu = pass.masks().gate(silu, i);                              // [B,T,I]
        NDArray act = silu.mul(up);                                     // [B,T,I]
        act = pass.masks().apply(act, i, Structure.FFN);                // [B,T,I]
        NDArray out = linear(act, w.down(), null);                      // [B,T,H]
        if (pass.probe() != null) {
            pass.probe().mlp(i, new MlpTrace(x, gate, up, gate, silu, act, out, pass.valid()));
        }
        return out;
    }

    /** Qwen3's q or k norm as a trace describes it; null where the model has none. */
    private HeadTransform.HeadNorm headNorm(NDArray gain) {
        return gain == null ? null : new HeadTransform.HeadNorm(gain, eps);
    }

    /** Qwen3's per-head RMS norm of queries or keys over hd; x itself where the model has none. */
    private NDArray normalizeHead(NDArray x, NDArray weight) {
        return weight == null ? x : rmsNorm(x, weight);
    }

    /** x / sqrt(mean(x^2) + eps) * weight over the last axis, as Hugging Face's LlamaRMSNorm. */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        return RmsNorm.apply(x, weight, eps);
    }

    /** x W^T + b, Hugging Face's nn.Linear with W in [out, in] layout. */
    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).singletonOrThrow();
    }
}
