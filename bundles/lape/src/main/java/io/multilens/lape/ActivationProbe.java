package io.multilens.lape;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.model.MlpTrace;

/**
 * Counts, per FFN unit, the content tokens of a batch on which the unit's activation is positive.
 * The activation functions of the supported models (SiLU of Llama's gate, BLOOM's tanh-GELU) are
 * positive exactly where their input is, so the sign of the pre-activation decides: the gate
 * projection where the model has one, else the up projection.
 */
final class ActivationProbe implements LayerProbe {

    private final NDManager scope;
    private final float[] content;    // [B*T] 1 for counted tokens
    private final int batch;
    private final int tokens;
    private final ActivationCounts counts;

    ActivationProbe(NDManager scope, boolean[][] content, ActivationCounts counts) {
        this.scope = scope;
        this.batch = content.length;
        this.tokens = content[0].length;
        this.content = new float[batch * tokens];
        for (int r = 0; r < batch; r++) {
            for (int t = 0; t < tokens; t++) {
                this.content[r * tokens + t] = content[r][t] ? 1f : 0f;
            }
        }
        this.counts = counts;
    }

    @Override
    public void mlp(int layer, MlpTrace trace) {
        try (NDManager s = scope.newSubManager()) {
            NDArray pre = trace.preActivation().duplicate();                 // [B,T,I]
            pre.attach(s);
            NDArray positive = pre.gt(0f).toType(DataType.FLOAT32, false);              // [B,T,I]
            NDArray mask = s.create(content, new Shape(batch, tokens, 1));              // [B,T,1]
            NDArray counted = positive.mul(mask);                                        // [B,T,I]
            float[] perUnit = counted.sum(new int[] {0, 1}).toFloatArray();             // [I]
            long[] row = counts.positive[layer];
            for (int u = 0; u < row.length; u++) {
                row[u] += Math.round(perUnit[u]);   // float sums of 0/1 are exact below 2^24 tokens per batch
            }
        }
    }
}
