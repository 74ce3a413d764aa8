package io.multilens.plnd.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.multilens.api.model.LayerWeights;
import io.multilens.api.model.ModelConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * The weight-only factors of the paper's closed forms, computed once per layer and kept as
 * small Java arrays: the same for every document, so recomputing them per batch would only
 * waste time.
 */
public final class WeightStats {

    private final ModelConfig config;
    private final IntFunction<LayerWeights> weights;
    private final Map<Integer, float[]> outputNorms = new ConcurrentHashMap<>();
    private final Map<Integer, float[]> outputGrams = new ConcurrentHashMap<>();
    private final Map<Integer, float[]> downNorms = new ConcurrentHashMap<>();

    public WeightStats(ModelConfig config, IntFunction<LayerWeights> weights) {
        this.config = config;
        this.weights = weights;
    }

    /** ||Wo[:, j]|| per o_proj column, [nh*hd]. */
    NDArray outputColumnNorms(NDManager scope, int layer) {
        float[] v = outputNorms.computeIfAbsent(layer, l -> columnNorms(weights.apply(l).o()));
        return scope.create(v);
    }

    /** ||down[:, k]|| per intermediate unit, [I]. */
    NDArray downColumnNorms(NDManager scope, int layer) {
        float[] v = downNorms.computeIfAbsent(layer, l -> columnNorms(weights.apply(l).down()));
        return scope.create(v);
    }

    /**
     * For each key/value head g and dimension d, the Gram matrix of the o_proj columns (h, d) of
     * the query heads h reading g: [nkv, hd, g, g].
     */
    NDArray outputGram(NDManager scope, int layer) {
        int group = config.numHeads() / config.numKvHeads();
        float[] v = outputGrams.computeIfAbsent(layer, l -> gram(weights.apply(l).o()));
        return scope.create(v, new Shape(config.numKvHeads(), config.headDim(), group, group));
    }

    private static float[] columnNorms(NDArray weight) {
        try (NDManager s = weight.getManager().newSubManager()) {
            NDArray w = Scoped.copy(s, weight);                   // [out, in]
            NDArray squares = w.square();                         // [out, in]
            NDArray sums = squares.sum(new int[] {0});            // [in]
            return sums.sqrt().toFloatArray();                    // [in]
        }
    }

    private float[] gram(NDArray oProj) {
        int hidden = Math.toIntExact(oProj.getShape().get(0));
        int group = config.numHeads() / config.numKvHeads();
        try (NDManager s = oProj.getManager().newSubManager()) {
            NDArray w = Scoped.copy(s, oProj);                    // [H, nh*hd]
            NDArray split = w.reshape(hidden, config.numKvHeads(), group, config.headDim()); // [H, nkv, g, hd]
            NDArray columns = split.transpose(1, 3, 0, 2);        // [nkv, hd, H, g]
            NDArray rows = columns.transpose(0, 1, 3, 2);         // [nkv, hd, g, H]
            NDArray gram = rows.matMul(columns);                  // [nkv, hd, g, g]
            return gram.toFloatArray();
        }
    }
}
