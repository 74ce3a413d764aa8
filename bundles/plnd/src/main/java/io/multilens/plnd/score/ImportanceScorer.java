package io.multilens.plnd.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.AttentionTrace;
import io.multilens.api.model.MlpTrace;
import io.multilens.api.neurons.Structure;
import java.util.Map;
import java.util.Set;

/**
 * Scores every neuron of one layer for each document of a batch at once. Results are
 * {@code [B, n]} float32 arrays attached to {@code scope}; padding tokens never contribute.
 */
public interface ImportanceScorer {

    /** Scores of the wanted attention structures (a subset of q, k, v, o). */
    Map<Structure, NDArray> attention(NDManager scope, int layer, AttentionTrace trace, Set<Structure> wanted);

    /** FFN scores, {@code [B, intermediate]}. */
    NDArray ffn(NDManager scope, int layer, MlpTrace trace);

    /** How many q/k sweeps (a layer's q or k for one batch) each kernel ran so far: {"vector": n, "torch": m}. */
    default Map<String, Long> qkSweeps() {
        return Map.of("vector", 0L, "torch", 0L);
    }
}
