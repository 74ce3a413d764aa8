package io.multilens.plnd.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.multilens.api.model.LayerWeights;
import io.multilens.api.model.ModelConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The weight-only factors of the paper's closed forms, computed once per layer and kept as
 * small Java arrays: the same for every document, so recomputing them per batch would only
 * waste time.
 */
public final class WeightStats {

    private final ModelConfig config;
    /** (scope, layer) to float32 weights, as {@code LanguageModel::weights}. */
    private final BiFunction<NDManager, Integer, LayerWeights> weights;
    private final Map<Integer, float[]> outputNorms = new ConcurrentHashMap<>();
    private final Map<Integer, float[]> outputGrams = new ConcurrentHashMap<>();
    private final Map<Integer, float[]> downNorms = new ConcurrentHashMap<>();

    public WeightStats(ModelConfig config, BiFunction<NDManager, Integer, LayerWeights> weights) {
        this.config = config;
        this.weights = weights;
    }

    /** ||Wo[:, j]|| per o_proj column, [nh*hd]. */
    NDArray outputColumnNorms(NDManager scope, int layer) {
        float[] v = outputNorms.computeIfAbsent(layer, l -> columnNorms(scope, l, LayerWeights::o));
        return scope.create(v);
    }

    /** ||down[:, k]|| per intermediate unit, [I]. */
    NDArray downColumnNorms(NDManager scope, int layer) {
        float[] v = downNorms.computeIfAbsent(layer, l -> columnNorms(scope, l, LayerWeights::down));
        return scope.create(v);
    }

    /**
     * For each key/value head g and dimension d, the Gram matrix of the o_proj columns (h, d) of
     * the query heads h reading g: [nkv, hd, g, g].
     */
    NDArray outputGram(NDManager scope, int layer) {
        int group = config.numHeads() / config.numKvHeads();
        float[] v = outputGrams.computeIfAbsent(layer, l -> {
            try (NDManager s = scope.newSubManager()) {
                return gram(weights.apply(s, l).o());
            }
        });
        return scope.create(v, new Shape(config.numKvHeads(), config.headDim(), group, group));
    }

    /** Weights kept in half precision are widened into a scope of their own and freed at once. */
    private float[] columnNorms(NDManager scope, int layer, java.util.function.Function<LayerWeights, NDArray> which) {
        try (NDManager s = scope.newSubManager()) {
            NDArray w = Scoped.copy(s, which.apply(weights.apply(s, layer)));   // [out, in]
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
