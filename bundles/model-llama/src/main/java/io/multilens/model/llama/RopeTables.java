package io.multilens.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * RoPE cosines and sines for a batch's positions, in Hugging Face's rotate-half layout (the two
 * halves of the head dimension share frequencies). Angles are computed in double and rounded once
 * to float32, closer to a float64 reference than float32 angles would be.
 *
 * @param cos [P, 1, T, hd] where P is 1 when all rows share positions (the right-padded case), else B
 * @param sin same shape
 */
record RopeTables(NDArray cos, NDArray sin) {

    static RopeTables of(NDManager manager, double[] inverseFrequencies, int[][] positions) {
        boolean shared = Arrays.stream(positions).allMatch(p -> Arrays.equals(p, positions[0]));
        int rows = shared ? 1 : positions.length;
        int t = positions[0].length;
        int half = inverseFrequencies.length;
        int hd = 2 * half;
        float[] cos = new float[rows * t * hd];
        float[] sin = new float[rows * t * hd];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < t; i++) {
                int base = (r * t + i) * hd;
                for (int f = 0; f < half; f++) {
                    double angle = positions[r][i] * inverseFrequencies[f];
                    cos[base + f] = (float) Math.cos(angle);
                    cos[base + half + f] = cos[base + f];
                    sin[base + f] = (float) Math.sin(angle);
                    sin[base + half + f] = sin[base + f];
                }
            }
        }
        Shape shape = new Shape(rows, 1, t, hd);
        return new RopeTables(manager.create(cos, shape), manager.create(sin, shape));
    }
}
