package io.multilens.plnd.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Brings arrays owned by someone else (the forward pass, the model's weights) into a scope.
 * DJL attaches an operation's result to the manager of its first operand, so working on a
 * private float32 copy keeps every intermediate in the scope, and closing the scope frees them
 * all; the owner's arrays are never re-attached, which would be unsafe while another thread uses
 * the same model.
 */
final class Scoped {

    private Scoped() {
    }

    static NDArray copy(NDManager scope, NDArray array) {
        NDArray c = array.toType(DataType.FLOAT32, true);
        c.attach(scope);
        return c;
    }

    /** A {@code [B, n]} array as one Java row per document. */
    static float[][] rows(NDArray scores) {
        long[] shape = scores.getShape().getShape();
        int b = Math.toIntExact(shape[0]);
        int n = Math.toIntExact(shape[1]);
        float[] flat = scores.getDataType() == DataType.FLOAT32 ? scores.toFloatArray()
                : scores.toType(DataType.FLOAT32, false).toFloatArray();
        float[][] out = new float[b][n];
        for (int i = 0; i < b; i++) {
            System.arraycopy(flat, i * n, out[i], 0, n);
        }
        return out;
    }
}
