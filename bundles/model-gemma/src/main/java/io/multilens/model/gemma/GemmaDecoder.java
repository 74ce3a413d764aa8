package io.multilens.model.gemma;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;
import io.multilens.kit.Activations;
import io.multilens.kit.AttentionBias;
import io.multilens.kit.ForwardPass;
import io.multilens.kit.GroupedAttention;
import io.multilens.kit.KvCache;
import io.multilens.kit.LayerRange;
import io.multilens.kit.LayerStack;
import io.multilens.kit.LmHead;
import io.multilens.kit.NeuronMasks;
import io.multilens.kit.NormThenRotate;
import io.multilens.kit.RmsNorm;
import io.multilens.kit.RopeTables;
import io.multilens.kit.TokenBatch;
import io.multilens.kit.Workspace;
import io.multilens.api.model.AttentionTrace;
import io.multilens.api.model.HeadTransform;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.model.LayerWeights;
import io.multilens.api.model.MlpTrace;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.ScoreTransform;
import io.multilens.api.neurons.Structure;

/**
 * The Gemma-2 and Gemma-3 forward pass in float32, one tensor operation per line: embeddings
 * scaled by sqrt(H), RMS norms with gains stored as offsets from 1, a norm before and after both
 * the attention and the MLP, GeGLU with tanh GELU, scores scaled by query_pre_attn_scalar^-0.5, a
 * sliding window on the sliding layers; Gemma-2 soft-caps scores (before the mask) and logits,
 * Gemma-3 normalises each query and key head before RoPE and rotates sliding layers with its local
 * base frequency.
 * Shapes: B batch, T new tokens, S keys (cached + new), H hidden, nh/nkv query/key-value heads,
 * hd head size, g = nh/nkv, I intermediate, V vocabulary.
 *
 * <p>Every operation is called on an activation, never on a weight, so each layer's activations
 * land in that layer's sub-manager and are freed when the layer is done.
 */
final class GemmaDecoder implements ForwardPass {

    private final ModelConfig config;
    private final GemmaWeights weights;
    private final GemmaVariant variant;
    private final float eps;
    private final float scale;
    private final ScoreTransform scoreCap;

    GemmaDecoder(ModelConfig config, GemmaWeights weights, GemmaVariant variant) {
        this.config = config;
        this.weights = weights;
        this.variant = variant;
        this.eps = (float) config.rmsNormEps();
        this.scale = (float) variant.scale();
        this.scoreCap = variant.attentionCap() > 0 ? softCap((float) variant.attentionCap()) : ScoreTransform.NONE;
    }

    /**
     * What every layer of one forward pass shares: the rotary tables of full and sliding layers
     * (the same tables for Gemma-2), their masks. valid and the trace rotations are null without a probe.
     */
    private record Pass(NeuronMasks masks, KvCache cache, LayerProbe probe, RopeTables rope, RopeTables localRope,
                        NDArray fullBias, NDArray slidingBias, NDArray valid, HeadTransform traceRope,
                        HeadTransform traceLocalRope, Workspace workspace) {
    }

    /** The residual stream after the last layer, before the final norm: [B, T, H], in {@code m}. */
    @Override
    public NDArray forward(NDManager m, TokenBatch batch, KvCache cache, NeuronMasks masks, LayerProbe probe,
                           LayerRange layers) {
        int offset = cache == null ? 0 : cache.length();
        boolean[][] keyValid = cache == null ? batch.valid() : cache.extend(batch.valid());
        int t = batch.length();
        RopeTables rope = RopeTables.of(m, variant.inverseFrequencies(), batch.positions());
        RopeTables localRope = variant.localFrequencies() == variant.inverseFrequencies() ? rope
                : RopeTables.of(m, variant.localFrequencies(), batch.positions());
        NDArray fullBias = AttentionBias.of(m, keyValid, offset, t, 0);                              // [B,1,T,S]
        NDArray slidingBias = AttentionBias.of(m, keyValid, offset, t, variant.slidingWindow());     // [B,1,T,S]
        Workspace workspace = new Workspace(m);
        Pass pass = new Pass(masks, cache, probe, rope, localRope, fullBias, slidingBias,
                probe == null ? null : batch.validArray(m), probe == null ? null : rope.shared(),
                probe == null ? null : localRope == rope ? null : localRope.shared(), workspace);
        NDArray x = layers.start() != null ? null : embeddings(m, batch);               // [B,T,H]
        return LayerStack.run(m, x, layers, config.numLayers(), (i, h) -> layer(i, h, pass), masks, probe, pass.valid());
    }

    private NDArray embeddings(NDManager m, TokenBatch batch) {
        NDArray e = weights.embed().gather(m, batch.ids(), batch.size(), batch.length()); // [B,T,H]
        // transformers multiplies by sqrt(H) rounded to the activations' dtype (float32 here)
        NDArray x = e.mul((float) Math.sqrt(config.hiddenSize()));                       // [B,T,H]
        e.close();
        return x;
    }

    /** Logits of residual-stream rows, soft-capped: [..., H] -> [..., V], in {@code m}. */
    @Override
    public NDArray logits(NDManager m, NDArray x) {
        NDArray h = RmsNorm.applyOffset(x, weights.norm(), eps);         // [...,H]
        NDArray logits = LmHead.logits(m, h, weights.embed());           // [...,V]
        if (variant.finalCap() <= 0) {
            return logits;
        }
        // no in-place operations (training differentiates through them); each intermediate closed
        // as soon as the next exists, so at most two [B,T,V] arrays are held at once
        float cap = (float) variant.finalCap();
        NDArray shrunk = logits.div(cap);                                // [...,V]
        logits.close();
        NDArray bounded = shrunk.tanh();                                 // [...,V]
        shrunk.close();
        NDArray capped = bounded.mul(cap);                               // [...,V]
        bounded.close();
        return capped;
    }

    @Override
    public NDArray head(NDManager m, NDArray x) {
        return LmHead.logits(m, x, weights.embed());                     // [...,V], tied
    }

    private NDArray layer(int i, NDArray x, Pass pass) {
        GemmaLayer stored = weights.layers().get(i);
        LayerWeights w = stored.widen(pass.workspace());                       // float32 for this layer only
        NDArray h = RmsNorm.applyOffset(x, stored.inputNorm(), eps);           // [B,T,H]
        NDArray a = attention(i, h, w, stored, pass);                          // [B,T,H]
        NDArray a2 = RmsNorm.applyOffset(a, stored.postAttentionNorm(), eps);  // [B,T,H]
        NDArray x1 = x.add(a2);                                                // [B,T,H]
        NDArray h2 = RmsNorm.applyOffset(x1, stored.preFeedforwardNorm(), eps); // [B,T,H]
        NDArray f = mlp(i, h2, w, pass);                                       // [B,T,H]
        NDArray f2 = RmsNorm.applyOffset(f, stored.postFeedforwardNorm(), eps); // [B,T,H]
        return x1.add(f2);                                                     // [B,T,H]
    }

    private NDArray attention(int i, NDArray x, LayerWeights w, GemmaLayer stored, Pass pass) {
        int hd = config.headDim();
        boolean sliding = variant.sliding()[i];
        RopeTables rope = sliding ? pass.localRope() : pass.rope();
        NDArray q = Linear.linear(x, w.q()).singletonOrThrow();          // [B,T,nh*hd]
        NDArray k = Linear.linear(x, w.k()).singletonOrThrow();          // [B,T,nkv*hd]
        NDArray v = Linear.linear(x, w.v()).singletonOrThrow();          // [B,T,nkv*hd]
        q = pass.masks().apply(q, i, Structure.Q);                      // [B,T,nh*hd]
        k = pass.masks().apply(k, i, Structure.K);                      // [B,T,nkv*hd]
        v = pass.masks().apply(v, i, Structure.V);                      // [B,T,nkv*hd]
        NDArray qh = GroupedAttention.heads(q, config.numHeads(), hd);   // [B,nh,T,hd]
        NDArray kh = GroupedAttention.heads(k, config.numKvHeads(), hd); // [B,nkv,T,hd]
        NDArray vh = GroupedAttention.heads(v, config.numKvHeads(), hd); // [B,nkv,T,hd]
        NDArray qn = normalizeHead(qh, stored.qNorm());                 // [B,nh,T,hd]  Gemma-3's q_norm, else qh
        NDArray kn = normalizeHead(kh, stored.kNorm());                 // [B,nkv,T,hd]
        NDArray qr = rope.apply(qn);                                    // [B,nh,T,hd]
        NDArray kr = rope.apply(kn);                                    // [B,nkv,T,hd]
        NDArray bias = sliding ? pass.slidingBias() : pass.fullBias();  // [B,1,T,S]
        GroupedAttention a = GroupedAttention.of(i, qr, kr, vh, pass.cache(), scale, scoreCap, bias);
        NDArray ctx = pass.masks().apply(a.context(), i, Structure.O);  // [B,T,nh*hd]
        NDArray out = Linear.linear(ctx, w.o()).singletonOrThrow();     // [B,T,H]
        if (pass.probe() != null) {
            HeadTransform rotate = sliding && pass.traceLocalRope() != null ? pass.traceLocalRope() : pass.traceRope();
            pass.probe().attention(i, new AttentionTrace(x, qh, kh, vh, qr, kr,
                    NormThenRotate.of(headNorm(stored.qGain()), y -> normalizeHead(y, stored.qNorm()), rotate),
                    NormThenRotate.of(headNorm(stored.kGain()), y -> normalizeHead(y, stored.kNorm()), rotate),
                    scale, scoreCap, bias, a.probs(), ctx, out, pass.valid()));
        }
        return out;
    }

    /** Gemma-3's q or k norm as a trace describes it (its factor 1 + w); null for Gemma-2. */
    private HeadTransform.HeadNorm headNorm(NDArray gain) {
        return gain == null ? null : new HeadTransform.HeadNorm(gain, eps);
    }

    /** Gemma-3's per-head RMS norm of queries or keys (gain 1 + w) over hd; x itself for Gemma-2. */
    private NDArray normalizeHead(NDArray x, NDArray weight) {
        return weight == null ? x : RmsNorm.applyOffset(x, weight, eps);
    }

    private NDArray mlp(int i, NDArray x, LayerWeights w, Pass pass) {
        NDArray gate = Linear.linear(x, w.gate()).singletonOrThrow();   // [B,T,I]
        NDArray up = Linear.linear(x, w.up()).singletonOrThrow();       // [B,T,I]
        NDArray gelu = Activations.geluTanh(gate);                      // [B,T,I]
        gelu = pass.masks().gate(gelu, i);                              // [B,T,I]
        NDArray act = gelu.mul(up);                                     // [B,T,I]
        act = pass.masks().apply(act, i, Structure.FFN);                // [B,T,I]
        NDArray out = Linear.linear(act, w.down()).singletonOrThrow();  // [B,T,H]
        if (pass.probe() != null) {
            pass.probe().mlp(i, new MlpTrace(x, gate, up, gate, gelu, act, out, pass.valid()));
        }
        return out;
    }

    /** cap * tanh(s / cap), element by element. */
    private static ScoreTransform softCap(float cap) {
        return s -> {
            NDArray shrunk = s.div(cap);                                // [...]
            NDArray bounded = shrunk.tanh();                            // [...]
            return bounded.mul(cap);                                    // [...]
        };
    }
}
