package io.multilens.steer;

import io.multilens.api.model.MlpTrace;

/**
 * The mean of one of every FFN unit's tensors over the content tokens of some documents,
 * [layer][unit]: its value (what the down projection reads, {@code act(gate) * up}) or its
 * activation before {@code * up} ({@code act(gate)}); sums and a count, so batches add up.
 */
final class MeanActivations extends ContentProbe {

    private final double[][] sums;
    private final java.util.function.Function<MlpTrace, ai.djl.ndarray.NDArray> tensor;

    /** {@code tensor}: which of the trace's [B, T, I] tensors is averaged ({@code MlpTrace::act}, {@code MlpTrace::activated}). */
    MeanActivations(int layers, int units, java.util.function.Function<MlpTrace, ai.djl.ndarray.NDArray> tensor) {
        this.sums = new double[layers][units];
        this.tensor = tensor;
    }

    @Override
    public void mlp(int layer, MlpTrace trace) {
        float[] perUnit = contentSum(tensor.apply(trace));                  // [I]
        for (int u = 0; u < perUnit.length; u++) {
            sums[layer][u] += perUnit[u];
        }
    }

    double mean(int layer, int unit) {
        return tokens() == 0 ? 0 : sums[layer][unit] / tokens();
    }
}
