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
    public NDArray forward(NDManager m, TokenBatch batch, KvCache cache, NeuronMasks masks, LayerProbe probe) {
        int offset = cache == null ? 0 : cache.length();
        boolean[][] keyValid = cache == null ? batch.valid() : cache.extend(batch.valid());
        int t = batch.length();
        RopeTables rope = RopeTables.of(m, variant.inverseFrequencies(), batch.positions());
        NDArray bias = AttentionBias.of(m, keyValid, offset, t, variant.slidingWindow());   // [B,1,T,S]
        Workspace workspace = new Workspace(m);
        Pass pass = probe == null
                ? new Pass(masks, cache, null, rope, bias, null, null, workspace)
                : new Pass(masks, cache, probe, rope, bias, batch.validArray(m), rope.shared(), workspace); // traces: right-padded
        NDArray x = weights.embed().gather(m, batch.ids(), batch.size(), t);              // [B,T,H]
        return LayerStack.run(m, x, config.numLayers(), (i, h) -> layer(i, h, pass), probe, pass.valid());
    }

    /** Logits of residual-stream rows: [..., H] -> [..., V], in {@code m}. */
    @Override
    public NDArray logits(NDManager m, NDArray x) {
        NDArray h = rmsNorm(x, weights.norm());                  // [...,H]
        return LmHead.logits(m, h, weights.lmHead());            // [...,V]
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
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int nh = config.numHeads();
        int nkv = config.numKvHeads();
        int hd = config.headDim();
        int g = nh / nkv;
        NDArray q = linear(x, w.q(), w.qBias());                        // [B,T,nh*hd]
        NDArray k = linear(x, w.k(), w.kBias());                        // [B,T,nkv*hd]
        NDArray v = linear(x, w.v(), w.vBias());                        // [B,T,nkv*hd]
        q = pass.masks().apply(q, i, Structure.Q);                      // [B,T,nh*hd]
        k = pass.masks().apply(k, i, Structure.K);                      // [B,T,nkv*hd]
        v = pass.masks().apply(v, i, Structure.V);                      // [B,T,nkv*hd]
        NDArray qh = heads(q, nh, hd);                                  // [B,nh,T,hd]
        NDArray kh = heads(k, nkv, hd);                                 // [B,nkv,T,hd]
        NDArray vh = heads(v, nkv, hd);                                 // [B,nkv,T,hd]
        NDArray qn = headNorm(qh, stored.qNorm());                      // [B,nh,T,hd]  Qwen3's q_norm, else qh
        NDArray kn = headNorm(kh, stored.kNorm());                      // [B,nkv,T,hd]
        NDArray qr = pass.rope().apply(qn);                             // [B,nh,T,hd]
        NDArray kr = pass.rope().apply(kn);                             // [B,nkv,T,hd]
        NDArray krT = kr.transpose(0, 1, 3, 2);                         // [B,nkv,hd,T]
        NDArray keysT = pass.cache() == null ? krT : pass.cache().appendKeys(i, krT);     // [B,nkv,hd,S]
        NDArray values = pass.cache() == null ? vh : pass.cache().appendValues(i, vh);    // [B,nkv,S,hd]
        long s = keysT.getShape().get(3);
        NDArray qg = qr.reshape(b, nkv, g * t, hd);                     // [B,nkv,g*T,hd] query heads grouped by kv head
        NDArray scores = qg.matMul(keysT);                              // [B,nkv,g*T,S]
        NDArray perHead = scores.reshape(b, nh, t, s);                  // [B,nh,T,S]
        NDArray scaled = perHead.mul(scale);                            // [B,nh,T,S]
        NDArray masked = scaled.add(pass.bias());                       // [B,nh,T,S]
        NDArray probs = masked.softmax(3);                              // [B,nh,T,S]
        NDArray probsG = probs.reshape(b, nkv, g * t, s);               // [B,nkv,g*T,S]
        NDArray ctxG = probsG.matMul(values);                           // [B,nkv,g*T,hd]
        NDArray ctxH = ctxG.reshape(b, nh, t, hd);                      // [B,nh,T,hd]
        NDArray ctxT = ctxH.transpose(0, 2, 1, 3);                      // [B,T,nh,hd]
        NDArray ctx = ctxT.reshape(b, t, (long) nh * hd);               // [B,T,nh*hd]
        ctx = pass.masks().apply(ctx, i, Structure.O);                  // [B,T,nh*hd]
        NDArray out = linear(ctx, w.o(), null);                         // [B,T,H]
        if (pass.probe() != null) {
            HeadTransform queryPath = stored.qNorm() == null ? pass.traceRope()
                    : y -> pass.traceRope().apply(headNorm(y, stored.qNorm()));
            HeadTransform keyPath = stored.kNorm() == null ? pass.traceRope()
                    : y -> pass.traceRope().apply(headNorm(y, stored.kNorm()));
            pass.probe().attention(i, new AttentionTrace(x, qh, kh, vh, qr, kr, queryPath, keyPath, scale,
                    ScoreTransform.NONE, pass.bias(), probs, ctx, out, pass.valid()));
        }
        return out;
    }

    private NDArray mlp(int i, NDArray x, LayerWeights w, Pass pass) {
        NDArray gate = linear(x, w.gate(), null);                       // [B,T,I]
        NDArray up = linear(x, w.up(), null);                           // [B,T,I]
        NDArray sig = Activation.sigmoid(gate);                         // [B,T,I]
        NDArray silu = gate.mul(sig);                                   // [B,T,I]
        NDArray act = silu.mul(up);                                     // [B,T,I]
        act = pass.masks().apply(act, i, Structure.FFN);                // [B,T,I]
        NDArray out = linear(act, w.down(), null);                      // [B,T,H]
        if (pass.probe() != null) {
            pass.probe().mlp(i, new MlpTrace(x, gate, up, gate, act, out, pass.valid()));
        }
        return out;
    }

    /** [B,T,n*hd] -> [B,n,T,hd] */
    private static NDArray heads(NDArray x, int n, int hd) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        NDArray split = x.reshape(b, t, n, hd);                        // [B,T,n,hd]
        return split.transpose(0, 2, 1, 3);                            // [B,n,T,hd]
    }

    /** Qwen3's per-head RMS norm of queries or keys over hd; x itself where the model has none. */
    private NDArray headNorm(NDArray x, NDArray weight) {
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
