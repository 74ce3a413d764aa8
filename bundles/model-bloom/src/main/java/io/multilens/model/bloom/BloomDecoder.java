package io.multilens.model.bloom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import io.multilens.kit.AttentionBias;
import io.multilens.kit.ForwardPass;
import io.multilens.kit.GroupedAttention;
import io.multilens.kit.KvCache;
import io.multilens.kit.LayerRange;
import io.multilens.kit.LayerStack;
import io.multilens.kit.LmHead;
import io.multilens.kit.Workspace;
import io.multilens.kit.NeuronMasks;
import io.multilens.kit.TokenBatch;
import io.multilens.kit.Activations;
import io.multilens.api.model.AttentionTrace;
import io.multilens.api.model.HeadTransform;
import io.multilens.api.model.ScoreTransform;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.model.LayerWeights;
import io.multilens.api.model.MlpTrace;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.neurons.Structure;

/**
 * BLOOM's forward pass in float32, one tensor operation per line: word embeddings, their
 * LayerNorm, blocks of (LayerNorm, fused-QKV attention with ALiBi, dense) and (LayerNorm,
 * dense_h_to_4h, tanh-GELU, dense_4h_to_h), final LayerNorm, head tied to the embeddings. Shapes:
 * B batch, T new tokens, S keys (cached + new), H hidden, nh heads, hd head size, I = 4H.
 *
 * <p>Neuron addresses as for Llama: q/k/v index h*hd + d is dimension d of head h of that
 * projection (fused row h*3*hd + {0,1,2}*hd + d), o a column of {@code dense}, ffn a unit of
 * {@code dense_h_to_4h}. Operations are called on activations, never on weights, so results land
 * in the layer's scope.
 */
final class BloomDecoder implements ForwardPass {

    private final BloomConfig bloom;
    private final ModelConfig config;
    private final BloomWeights weights;
    private final float eps;
    private final float scale;
    private final float[] slopes;

    BloomDecoder(BloomConfig bloom, BloomWeights weights) {
        this.bloom = bloom;
        this.config = bloom.model();
        this.weights = weights;
        this.eps = (float) config.rmsNormEps();
        this.scale = (float) (1.0 / Math.sqrt(config.headDim()));
        this.slopes = Alibi.slopes(config.numHeads());
    }

    /** What every layer of one pass shares; traceBias (mask + alibi) and valid are null without a probe. */
    private record Pass(NeuronMasks masks, KvCache cache, LayerProbe probe, NDArray mask, NDArray alibi, NDArray traceBias,
                        NDArray valid, Workspace workspace) {
    }

    /** One block's matrices in float32 for this pass (the stored arrays, or widened into reused buffers). */
    private record Matrices(NDArray qkv, NDArray dense, NDArray up, NDArray down) {
    }

    @Override
    public NDArray forward(NDManager m, TokenBatch batch, KvCache cache, NeuronMasks masks, LayerProbe probe,
                           LayerRange layers) {
        int offset = cache == null ? 0 : cache.length();
        boolean[][] keyValid = cache == null ? batch.valid() : cache.extend(batch.valid());
        int t = batch.length();
        int s = keyValid[0].length;
        NDArray mask = AttentionBias.of(m, keyValid, offset, t, 0);                  // [B,1,T,S]
        NDArray alibi = alibi(m, s);                                                 // [1,nh,1,S]
        // the two are added to the scores one after the other: a [B,nh,T,S] bias exists only for a probe
        NDArray traced = probe == null ? null : mask.add(alibi);                     // [B,nh,T,S]
        Pass pass = new Pass(masks, cache, probe, mask, alibi, traced, probe == null ? null : batch.validArray(m),
                new Workspace(m));
        NDArray x = layers.start() != null ? null : embeddings(m, batch);             // [B,T,H]
        return LayerStack.run(m, x, layers, config.numLayers(), (i, h) -> layer(i, h, pass), masks, probe, pass.valid());
    }

    /** The word embeddings after BLOOM's embedding LayerNorm: [B,T,H]. */
    private NDArray embeddings(NDManager m, TokenBatch batch) {
        NDArray embedded = weights.embed().gather(m, batch.ids(), batch.size(), batch.length()); // [B,T,H]
        return layerNorm(embedded, weights.embedNormWeight(), weights.embedNormBias());        // [B,T,H]
    }

    @Override
    public NDArray logits(NDManager m, NDArray x) {
        NDArray h = layerNorm(x, weights.finalNormWeight(), weights.finalNormBias());  // [...,H]
        return LmHead.logits(m, h, weights.embed());                                   // [...,V], tied
    }

    @Override
    public NDArray head(NDManager m, NDArray x) {
        return LmHead.logits(m, x, weights.embed());                                   // [...,V], tied
    }

    /** slope_h * key position: [1, nh, 1, S]. */
    private NDArray alibi(NDManager m, int keys) {
        float[] values = new float[slopes.length * keys];
        for (int h = 0; h < slopes.length; h++) {
            for (int k = 0; k < keys; k++) {
                values[h * keys + k] = slopes[h] * k;
            }
        }
        return m.create(values, new Shape(1, slopes.length, 1, keys));
    }

    private NDArray layer(int i, NDArray x, Pass pass) {
        BloomLayer w = weights.layers().get(i);
        Matrices mat = new Matrices(w.qkv().widen(pass.workspace(), "qkv"), w.dense().widen(pass.workspace(), "dense"),
                w.up().widen(pass.workspace(), "up"), w.down().widen(pass.workspace(), "down"));  // float32 for this layer only
        NDArray h = layerNorm(x, w.inputNormWeight(), w.inputNormBias());          // [B,T,H]
        NDArray a = attention(i, h, w, mat, pass);                                 // [B,T,H]
        NDArray x1 = (bloom.postLayerNormResidual() ? h : x).add(a);              // [B,T,H]
        NDArray h2 = layerNorm(x1, w.postNormWeight(), w.postNormBias());         // [B,T,H]
        NDArray f = mlp(i, h2, w, mat, pass);                                      // [B,T,H]
        return (bloom.postLayerNormResidual() ? h2 : x1).add(f);                  // [B,T,H]
    }

    private NDArray attention(int i, NDArray x, BloomLayer w, Matrices mat, Pass pass) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int nh = config.numHeads();
        int hd = config.headDim();
        NDArray fused = linear(x, mat.qkv(), w.qkvBias());                   // [B,T,3*nh*hd]
        NDArray perHead = fused.reshape(b, t, nh, 3, hd);                    // [B,T,nh,3,hd]
        NDArray q = perHead.get(":, :, :, 0, :").reshape(b, t, (long) nh * hd); // [B,T,nh*hd]
        NDArray k = perHead.get(":, :, :, 1, :").reshape(b, t, (long) nh * hd); // [B,T,nh*hd]
        NDArray v = perHead.get(":, :, :, 2, :").reshape(b, t, (long) nh * hd); // [B,T,nh*hd]
        q = pass.masks().apply(q, i, Structure.Q);                           // [B,T,nh*hd]
        k = pass.masks().apply(k, i, Structure.K);                           // [B,T,nh*hd]
        v = pass.masks().apply(v, i, Structure.V);                           // [B,T,nh*hd]
        NDArray qh = GroupedAttention.heads(q, nh, hd);                      // [B,nh,T,hd]
        NDArray kh = GroupedAttention.heads(k, nh, hd);                      // [B,nh,T,hd]
        NDArray vh = GroupedAttention.heads(v, nh, hd);                      // [B,nh,T,hd]
        NDArray khT = kh.transpose(0, 1, 3, 2);                              // [B,nh,hd,T]
        NDArray keysT = pass.cache() == null ? khT : pass.cache().appendKeys(i, khT);     // [B,nh,hd,S]
        NDArray values = pass.cache() == null ? vh : pass.cache().appendValues(i, vh);    // [B,nh,S,hd]
        NDArray scores = qh.matMul(keysT);                                   // [B,nh,T,S]
        NDArray scaled = scores.mul(scale);                                  // [B,nh,T,S]
        NDArray masked = scaled.add(pass.mask());                            // [B,nh,T,S]
        NDArray biased = masked.add(pass.alibi());                           // [B,nh,T,S]
        NDArray probs = biased.softmax(3);                                   // [B,nh,T,S]
        NDArray ctxH = probs.matMul(values);                                 // [B,nh,T,hd]
        NDArray ctxT = ctxH.transpose(0, 2, 1, 3);                           // [B,T,nh,hd]
        NDArray ctx = ctxT.reshape(b, t, (long) nh * hd);                    // [B,T,nh*hd]
        ctx = pass.masks().apply(ctx, i, Structure.O);                       // [B,T,nh*hd]
        NDArray out = linear(ctx, mat.dense(), w.denseBias());               // [B,T,H]
        if (pass.probe() != null) {
            pass.probe().attention(i, new AttentionTrace(x, qh, kh, vh, qh, kh, HeadTransform.NONE, HeadTransform.NONE,
                    scale, ScoreTransform.NONE, pass.traceBias(), probs, ctx, out, pass.valid()));
        }
        return out;
    }

    private NDArray mlp(int i, NDArray x, BloomLayer w, Matrices mat, Pass pass) {
        NDArray up = linear(x, mat.up(), w.upBias());                        // [B,T,I]
        NDArray act = Activations.geluTanh(up);                              // [B,T,I]
        act = pass.masks().gate(act, i);                                     // [B,T,I] no gate: the activation is the unit
        act = pass.masks().apply(act, i, Structure.FFN);                     // [B,T,I]
        NDArray out = linear(act, mat.down(), w.downBias());                 // [B,T,H]
        if (pass.probe() != null) {
            pass.probe().mlp(i, new MlpTrace(x, null, up, up, act, act, out, pass.valid()));
        }
        return out;
    }

    /** (x - mean) / sqrt(var + eps) * weight + bias over the last axis, as torch.nn.LayerNorm (biased variance). */
    private NDArray layerNorm(NDArray x, NDArray weight, NDArray bias) {
        int last = x.getShape().dimension() - 1;
        NDArray mean = x.mean(new int[] {last}, true);                       // [...,1]
        NDArray centred = x.sub(mean);                                       // [...,H]
        NDArray squares = centred.square();                                  // [...,H]
        NDArray variance = squares.mean(new int[] {last}, true);             // [...,1]
        NDArray shifted = variance.add(eps);                                 // [...,1]
        NDArray std = shifted.sqrt();                                        // [...,1]
        NDArray normed = centred.div(std);                                   // [...,H]
        NDArray scaled = normed.mul(weight);                                 // [...,H]
        return scaled.add(bias);                                             // [...,H]
    }

    /** q, k, v of one layer as separate [nh*hd, H] matrices (copies into {@code scope}), for {@link LayerWeights}. */
    LayerWeights layerWeights(NDManager scope, int layer) {
        BloomLayer w = weights.layers().get(layer);
        int nh = config.numHeads();
        int hd = config.headDim();
        long h = config.hiddenSize();
        NDArray[] qkv = new NDArray[3];
        NDArray[] qkvBias = new NDArray[3];
        // every intermediate goes to scope: results of operations on a weight would land in the model's manager
        NDArray fused = w.qkv().widen(scope).reshape(nh, 3, hd, h);                   // [nh,3,hd,H]
        fused.attach(scope);
        NDArray fusedBias = w.qkvBias().reshape(nh, 3, hd);                           // [nh,3,hd]
        fusedBias.attach(scope);
        for (int j = 0; j < 3; j++) {
            NDArray rows = fused.get(":, " + j + ", :, :");                          // [nh,hd,H]
            qkv[j] = rows.reshape((long) nh * hd, h);                                 // [nh*hd,H]
            NDArray bias = fusedBias.get(":, " + j + ", :");                         // [nh,hd]
            qkvBias[j] = bias.reshape((long) nh * hd);                                // [nh*hd]
        }
        return new LayerWeights(qkv[0], qkv[1], qkv[2], w.dense().widen(scope), qkvBias[0], qkvBias[1], qkvBias[2], null,
                w.up().widen(scope), w.down().widen(scope));
    }

    /** x W^T + b, Hugging Face's nn.Linear with W in [out, in] layout. */
    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).singletonOrThrow();
    }
}
