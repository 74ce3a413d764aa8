package io.multilens.steer;

import io.multilens.api.model.MlpTrace;

/**
 * The mean activation of every FFN unit (the value the down projection reads) over the content
 * tokens of some documents, [layer][unit]; sums and a count, so batches add up.
 */
final class MeanActivations extends ContentProbe {

    private final double[][] sums;

    MeanActivations(int layers, int units) {
        this.sums = new double[layers][units];
    }

    @Override
    public void mlp(int layer, MlpTrace trace) {
        float[] perUnit = contentSum(trace.act());                          // [I]
        for (int u = 0; u < perUnit.length; u++) {
            sums[layer][u] += perUnit[u];
        }
    }

    double mean(int layer, int unit) {
        return tokens() == 0 ? 0 : sums[layer][unit] / tokens();
    }
}
