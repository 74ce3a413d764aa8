package io.multilens.plnd.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.AttentionTrace;
import io.multilens.api.model.MlpTrace;
import io.multilens.api.neurons.Structure;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The paper's importance: the Frobenius norm, over a document's tokens, of the change of a
 * sub-block's output when one neuron alone is zeroed, the block's input held fixed. Every
 * neuron of the layer is scored at once from the trace; nothing is re-run.
 */
final class PaperScorer implements ImportanceScorer {

    private final WeightStats weights;
    private final int qkChunk;
    private final QkKernel kernel;
    /** The vector kernel's arrays, reused from layer to layer. */
    private final KernelScratch scratch = new KernelScratch();

    PaperScorer(WeightStats weights, int qkChunk, QkKernel kernel) {
        this.weights = weights;
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
        if (wanted.contains(Structure.Q)) {
            out.put(Structure.Q, queries(a));
        }
        if (wanted.contains(Structure.K)) {
            out.put(Structure.K, keys(a));
        }
        if (wanted.contains(Structure.V)) {
            out.put(Structure.V, values(a, layer));
        }
        if (wanted.contains(Structure.O)) {
            out.put(Structure.O, outputs(a, layer));
        }
        return out;
    }

    /**
     * q row (h, d): ||ΔP_h||, ΔP_h the change of head h's probabilities when q[:, d] is zeroed
     * before the model's query transform. The transformed queries move by Δq' (one column under a
     * plain projection, two under rotate-half position embeddings, the whole head under a per-head norm), so the
     * scaled scores move by ΔS = scale * Δq' k'^T. A transform made of scaled permutations moves one
     * column per term: ΔS is then a sum of that many outer products; after a per-head norm, the
     * norm's rescaling of the whole head adds a multiple of each query row's scores; any other
     * transform is applied to zeroed copies and ΔS is a full product over the head.
     */
    private NDArray queries(AttentionBatch a) {
        NDArray q = a.copy(a.trace().q());                        // [B, nh, T, hd]
        NDArray keysByHead = a.keysPosByHead();                   // [B, nh, T, hd]
        List<PermutedTerms.Term> terms = PermutedTerms.of(a.scope, a.queryTransform(), a.headDim);
        ProbabilityChange.Shift shift;
        if (terms != null) {
            HeadNormChange norm = HeadNormChange.of(a.scope, q, a.queryTransform().headNorm()); // or null
            NDArray removed = norm == null ? q : norm.removed();  // [B, nh, T, hd]  what zeroing d takes out
            NDArray negQ = removed.mul(-a.scale);                 // [B, nh, T, hd]
            List<NDArray> lefts = new ArrayList<>();
            List<NDArray> rights = new ArrayList<>();
            for (PermutedTerms.Term t : terms) {
                lefts.add(t.scaled(negQ));                        // [B, nh, T, hd]  Δq'[e_j(d)] * scale, at d
                rights.add(t.gathered(keysByHead));               // [B, nh, T, hd]  k'[e_j(d)], at d
            }
            shift = (c, d0, d1) -> new ProbabilityChange.Factors(columns(c, lefts, d0, d1, true),
                    columns(c, rights, d0, d1, false), norm == null ? null : norm.rows(c, d0, d1), null);
        } else {
            NDArray queriesPos = a.queriesPos();                  // [B, nh, T, hd]
            NDArray keysT = keysByHead.transpose(0, 1, 3, 2);     // [B, nh, hd, T]
            NDArray right = keysT.expandDims(2);                  // [B, nh, 1, hd, T]
            shift = (c, d0, d1) -> {
                NDArray change = ZeroedDimensions.change(c, q, queriesPos, a.queryTransform(), d0, d1); // [B, nh, D, T, hd]
                NDArray left = change.muli(a.scale);              // [B, nh, D, T, hd]
                return new ProbabilityChange.Factors(left, right);
            };
        }
        NDArray squared = ProbabilityChange.squared(a, qkChunk, terms == null ? 0 : terms.size(), shift, perHead -> perHead); // [B, nh, hd]
        NDArray norms = squared.sqrt();                           // [B, nh, hd]
        return norms.reshape(a.batch, (long) a.heads * a.headDim); // [B, nh*hd]
    }

    /**
     * k row (g, d): the norm of the probability change over every query head reading key/value
     * head g when k[:, d] is zeroed before the model's key transform: ΔS = scale * q' Δk'^T, with
     * Δk' repeated to the query heads of the group; per term of a permutation transform, or whole.
     */
    private NDArray keys(AttentionBatch a) {
        NDArray k = a.copy(a.trace().k());                        // [B, nkv, T, hd]
        NDArray queriesPos = a.queriesPos();                      // [B, nh, T, hd]
        NDArray scaledQueries = queriesPos.mul(a.scale);          // [B, nh, T, hd]
        List<PermutedTerms.Term> terms = PermutedTerms.of(a.scope, a.keyTransform(), a.headDim);
        ProbabilityChange.Shift shift;
        if (terms != null) {
            HeadNormChange norm = HeadNormChange.of(a.scope, k, a.keyTransform().headNorm()); // or null
            NDArray removed = norm == null ? k : norm.removed();  // [B, nkv, T, hd]
            NDArray negK = removed.neg();                         // [B, nkv, T, hd]
            List<NDArray> lefts = new ArrayList<>();
            List<NDArray> rights = new ArrayList<>();
            for (PermutedTerms.Term t : terms) {
                lefts.add(t.gathered(scaledQueries));             // [B, nh, T, hd]  q'[e_j(d)] * scale, at d
                NDArray moved = t.scaled(negK);                   // [B, nkv, T, hd]  Δk'[e_j(d)], at d
                rights.add(moved.repeat(1, a.group));             // [B, nh, T, hd]
            }
            NDArray rescale = norm == null ? null : norm.rescale().repeat(1, a.group); // [B, nh, T, hd]
            shift = (c, d0, d1) -> new ProbabilityChange.Factors(columns(c, lefts, d0, d1, true),
                    columns(c, rights, d0, d1, false), null,
                    rescale == null ? null : columns(c, List.of(rescale), d0, d1, false));
        } else {
            NDArray keysPos = a.copy(a.trace().kPos());           // [B, nkv, T, hd]
            NDArray left = scaledQueries.expandDims(2);           // [B, nh, 1, T, hd]
            shift = (c, d0, d1) -> {
                NDArray change = ZeroedDimensions.change(c, k, keysPos, a.keyTransform(), d0, d1); // [B, nkv, D, T, hd]
                NDArray byHead = change.repeat(1, a.group);       // [B, nh, D, T, hd]
                NDArray right = byHead.transpose(0, 1, 2, 4, 3);  // [B, nh, D, hd, T]
                return new ProbabilityChange.Factors(left, right);
            };
        }
        NDArray squared = ProbabilityChange.squared(a, qkChunk, terms == null ? 0 : terms.size(), shift, perHead -> {
            long chunk = perHead.getShape().get(2);
            NDArray grouped = perHead.reshape(a.batch, a.kvHeads, a.group, chunk);     // [B, nkv, g, D]
            return grouped.sum(new int[] {2});                                         // [B, nkv, D]
        });                                                       // [B, nkv, hd]
        NDArray norms = squared.sqrt();                           // [B, nkv, hd]
        return norms.reshape(a.batch, (long) a.kvHeads * a.headDim); // [B, nkv*hd]
    }

    /** Columns d0..d1 of each [B, nh, T, hd] factor side by side: left [B, nh, D, T, r] or right [B, nh, D, r, T]. */
    private static NDArray columns(NDManager c, List<NDArray> factors, int d0, int d1, boolean left) {
        NDList parts = new NDList();
        for (NDArray f : factors) {
            NDArray x = f.get(":, :, :, {}:{}", d0, d1);          // [B, nh, T, D]
            x.attach(c);
            NDArray byDim = x.transpose(0, 1, 3, 2);              // [B, nh, D, T]
            parts.add(byDim.expandDims(left ? 4 : 3));            // [B, nh, D, T, 1] or [B, nh, D, 1, T]
        }
        return NDArrays.concat(parts, left ? 4 : 3);              // [B, nh, D, T, r] or [B, nh, D, r, T]
    }

    /**
     * v row (g, d): zeroing it removes P_h v[:, j] = context[:, (h, d)] from every query head h
     * of group g, so the output changes by Σ_h a_h b_h^T with a_h that context column and b_h the
     * o_proj column (h, d). Its squared norm is Σ_{h,h'} (a_h·a_h')(b_h·b_h'): two small Gram
     * matrices instead of a [T, H] product per neuron.
     */
    private NDArray values(AttentionBatch a, int layer) {
        NDArray context = a.validContext();                       // [B, T, nh*hd]
        NDArray split = context.reshape(a.batch, a.tokens, a.kvHeads, a.group, a.headDim); // [B, T, nkv, g, hd]
        NDArray byDim = split.transpose(0, 2, 4, 1, 3);           // [B, nkv, hd, T, g]
        NDArray byDimT = byDim.transpose(0, 1, 2, 4, 3);          // [B, nkv, hd, g, T]
        NDArray contextGram = byDimT.matMul(byDim);               // [B, nkv, hd, g, g]
        NDArray outputGram = weights.outputGram(a.scope, layer);  // [nkv, hd, g, g]
        NDArray products = contextGram.mul(outputGram);           // [B, nkv, hd, g, g]
        NDArray squared = products.sum(new int[] {3, 4});         // [B, nkv, hd]
        NDArray nonNegative = squared.maximum(0f);                // [B, nkv, hd]  rounding may dip below 0
        NDArray norms = nonNegative.sqrt();                       // [B, nkv, hd]
        return norms.reshape(a.batch, (long) a.kvHeads * a.headDim); // [B, nkv*hd]
    }

    /** o column j: the output change is context[:, j] Wo[:, j]^T, a rank-one matrix. */
    private NDArray outputs(AttentionBatch a, int layer) {
        NDArray context = a.validContext();                       // [B, T, nh*hd]
        NDArray squares = context.square();                       // [B, T, nh*hd]
        NDArray sums = squares.sum(new int[] {1});                // [B, nh*hd]
        NDArray contextNorms = sums.sqrt();                       // [B, nh*hd]
        NDArray columnNorms = weights.outputColumnNorms(a.scope, layer); // [nh*hd]
        return contextNorms.mul(columnNorms);                     // [B, nh*hd]
    }

    /** FFN unit k: the output change is act[:, k] down[:, k]^T, a rank-one matrix. */
    @Override
    public NDArray ffn(NDManager scope, int layer, MlpTrace trace) {
        NDArray act = Scoped.copy(scope, trace.act());            // [B, T, I]
        long batch = act.getShape().get(0);
        long tokens = act.getShape().get(1);
        NDArray valid = Scoped.copy(scope, trace.valid());        // [B, T]
        NDArray mask = valid.reshape(batch, tokens, 1);           // [B, T, 1]
        NDArray real = act.mul(mask);                             // [B, T, I]
        NDArray squares = real.square();                          // [B, T, I]
        NDArray sums = squares.sum(new int[] {1});                // [B, I]
        NDArray actNorms = sums.sqrt();                           // [B, I]
        NDArray columnNorms = weights.downColumnNorms(scope, layer); // [I]
        return actNorms.mul(columnNorms);                         // [B, I]
    }
}
