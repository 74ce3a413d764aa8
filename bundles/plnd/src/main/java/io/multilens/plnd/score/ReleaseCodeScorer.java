package io.multilens.plnd.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.AttentionTrace;
import io.multilens.api.model.MlpTrace;
import io.multilens.api.neurons.Structure;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The scores of the authors' released code (Llama file), kept to reproduce their numbers. They
 * differ from the paper: activations instead of output changes for v and FFN, a per-dimension
 * term for q and k taken after the model's query/key transform, not divided by sqrt(hd), and all attention scores in
 * query-head space ([B, nh*hd]), with q and k equal. o_proj columns are not scored.
 */
final class ReleaseCodeScorer implements ImportanceScorer {

    private final int qkChunk;
    private final QkKernel kernel;
    /** The vector kernel's arrays, reused from layer to layer. */
    private final KernelScratch scratch = new KernelScratch();

    ReleaseCodeScorer(int qkChunk, QkKernel kernel) {
        this.qkChunk = qkChunk;
        this.kernel = kernel;
    }

    @Override
    public Map<String, Long> qkSweeps() {
        return scratch.sweeps();
    }

    @Override
    public Map<Structure, NDArray> attention(NDManager scope, int layer, AttentionTrace trace, Set<Structure> wanted) {
        AttentionBatch a = new AttentionBatch(scope, trace, kernel, scratch);
        Map<Structure, NDArray> out = new EnumMap<>(Structure.class);
        if (wanted.contains(Structure.Q) || wanted.contains(Structure.K)) {
            NDArray qk = queryKey(a);
            if (wanted.contains(Structure.Q)) {
                out.put(Structure.Q, qk);
            }
            if (wanted.contains(Structure.K)) {
                out.put(Structure.K, qk);
            }
        }
        if (wanted.contains(Structure.V)) {
            NDArray context = a.validContext();                   // [B, T, nh*hd]
            NDArray magnitudes = context.abs();                   // [B, T, nh*hd]
            out.put(Structure.V, magnitudes.sum(new int[] {1}));  // [B, nh*hd]
        }
        return out;
    }

    /** Σ_{t,s} (softmax(S) - softmax(S - q'[:, d] k'[:, d]^T))² per query head h and transformed dimension d. */
    private NDArray queryKey(AttentionBatch a) {
        NDArray queries = a.queriesPos();                        // [B, nh, T, hd]
        NDArray keys = a.keysPosByHead();                        // [B, nh, T, hd]
        NDArray negQueries = queries.neg();                       // [B, nh, T, hd]
        NDArray squared = ProbabilityChange.squared(a, qkChunk, 1, (c, d0, d1) -> {
            NDArray l = negQueries.get(":, :, :, {}:{}", d0, d1); // [B, nh, T, D]
            NDArray r = keys.get(":, :, :, {}:{}", d0, d1);       // [B, nh, T, D]
            l.attach(c);
            r.attach(c);
            NDArray left = l.transpose(0, 1, 3, 2).expandDims(4); // [B, nh, D, T, 1]
            NDArray right = r.transpose(0, 1, 3, 2).expandDims(3); // [B, nh, D, 1, T]
            return new ProbabilityChange.Factors(left, right);
        }, perHead -> perHead);                                   // [B, nh, hd]
        return squared.reshape(a.batch, (long) a.heads * a.headDim); // [B, nh*hd]
    }

    /** FFN unit k: Σ_t |(x W_up)_k|, x the MLP's normed input. */
    @Override
    public NDArray ffn(NDManager scope, int layer, MlpTrace trace) {
        NDArray up = Scoped.copy(scope, trace.up());              // [B, T, I]
        long batch = up.getShape().get(0);
        long tokens = up.getShape().get(1);
        NDArray valid = Scoped.copy(scope, trace.valid());        // [B, T]
        NDArray mask = valid.reshape(batch, tokens, 1);           // [B, T, 1]
        NDArray magnitudes = up.abs();                            // [B, T, I]
        NDArray real = magnitudes.mul(mask);                      // [B, T, I]
        return real.sum(new int[] {1});                           // [B, I]
    }
}
