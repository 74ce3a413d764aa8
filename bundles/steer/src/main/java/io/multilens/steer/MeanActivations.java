package io.multilens.steer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.model.MlpTrace;

/**
 * The mean activation of every FFN unit (the value the down projection reads) over the content
 * tokens of some documents, [layer][unit]; sums and a count, so batches add up.
 */
final class MeanActivations implements LayerProbe {

    private final double[][] sums;
    private long tokens;
    private NDManager scope;
    private float[] content;
    private int batch;
    private int length;

    MeanActivations(int layers, int units) {
        this.sums = new double[layers][units];
    }

    /** Prepares the next batch: which [B][T] positions count. */
    void batch(NDManager scope, boolean[][] content) {
        this.scope = scope;
        this.batch = content.length;
        this.length = content[0].length;
        this.content = new float[batch * length];
        for (int r = 0; r < batch; r++) {
            for (int t = 0; t < length; t++) {
                this.content[r * length + t] = content[r][t] ? 1f : 0f;
                tokens += content[r][t] ? 1 : 0;
            }
        }
    }

    @Override
    public void mlp(int layer, MlpTrace trace) {
        try (NDManager s = scope.newSubManager()) {
            NDArray act = trace.act().duplicate();                       // [B,T,I]
            act.attach(s);
            NDArray mask = s.create(content, new Shape(batch, length, 1)); // [B,T,1]
            float[] perUnit = act.mul(mask).sum(new int[] {0, 1}).toFloatArray(); // [I]
            for (int u = 0; u < perUnit.length; u++) {
                sums[layer][u] += perUnit[u];
            }
        }
    }

    double mean(int layer, int unit) {
        return tokens == 0 ? 0 : sums[layer][unit] / tokens;
    }

    long tokens() {
        return tokens;
    }
}
