package io.multilens.steer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.multilens.api.model.LayerProbe;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The mean residual stream at some depths (0: the embeddings, ℓ: the output of block ℓ − 1, as
 * {@code layers} counts) over the content tokens of some documents (BOS/EOS and padding
 * excluded): sums and a count, so batches add up. DiffMean's vector at ℓ is the target language's
 * mean minus the prompt language's.
 */
final class ResidualMeans implements LayerProbe {

    private final Map<Integer, double[]> sums = new TreeMap<>();
    private long tokens;
    private NDManager scope;
    private float[] content;
    private int batch;
    private int length;

    ResidualMeans(Set<Integer> depths, int hidden) {
        depths.forEach(d -> sums.put(d, new double[hidden]));
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
    public void residual(int depth, NDArray hidden, NDArray valid) {
        double[] sum = sums.get(depth);
        if (sum == null) {
            return;
        }
        try (NDManager s = scope.newSubManager()) {
            NDArray x = hidden.duplicate();                                  // [B,T,H]
            x.attach(s);
            NDArray mask = s.create(content, new Shape(batch, length, 1));   // [B,T,1]
            float[] total = x.mul(mask).sum(new int[] {0, 1}).toFloatArray(); // [H]
            for (int h = 0; h < total.length; h++) {
                sum[h] += total[h];
            }
        }
    }

    /** The mean at {@code depth}, float32 [hidden]. */
    float[] mean(int depth) {
        double[] sum = sums.get(depth);
        float[] out = new float[sum.length];
        for (int h = 0; h < out.length; h++) {
            out[h] = tokens == 0 ? 0f : (float) (sum[h] / tokens);
        }
        return out;
    }

    long tokens() {
        return tokens;
    }
}
