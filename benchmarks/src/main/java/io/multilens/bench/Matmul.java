package io.multilens.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** The machine's dense float32 rate through DJL: a plain 1024x1024 matrix product. */
final class Matmul {

    private Matmul() {
    }

    static double gflops(NDManager parent) {
        try (NDManager m = parent.newSubManager()) {
            NDArray a = m.randomNormal(new Shape(1024, 1024));
            NDArray b = m.randomNormal(new Shape(1024, 1024));
            int reps = 20;
            double s = Measure.seconds(3, () -> {
                for (int i = 0; i < reps; i++) {
                    a.matMul(b).close();
                }
            });
            return 2.0 * 1024 * 1024 * 1024 * reps / s / 1e9;
        }
    }
}
