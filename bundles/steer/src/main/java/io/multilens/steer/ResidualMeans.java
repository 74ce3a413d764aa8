package io.multilens.steer;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The mean residual stream at some depths (0: the embeddings, l: the output of block l - 1, as
 * {@code layers} counts) over the content tokens of some documents (BOS/EOS and padding
 * excluded): sums and a count, so batches add up. DiffMean's vector at l is the target language's
 * mean minus the prompt language's.
 */
final class ResidualMeans extends ContentProbe {

    private final Map<Integer, double[]> sums = new TreeMap<>();

    ResidualMeans(Set<Integer> depths, int hidden) {
        depths.forEach(d -> sums.put(d, new double[hidden]));
    }

    @Override
    public void residual(int depth, NDArray hidden, NDArray valid) {
        double[] sum = sums.get(depth);
        if (sum == null) {
            return;
        }
        float[] total = contentSum(hidden);                                 // [H]
        for (int h = 0; h < total.length; h++) {
            sum[h] += total[h];
        }
    }

    /** The mean at {@code depth}, float32 [hidden]. */
    float[] mean(int depth) {
        double[] sum = sums.get(depth);
        float[] out = new float[sum.length];
        for (int h = 0; h < out.length; h++) {
            out[h] = tokens() == 0 ? 0f : (float) (sum[h] / tokens());
        }
        return out;
    }
}
