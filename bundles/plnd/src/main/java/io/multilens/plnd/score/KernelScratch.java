package io.multilens.plnd.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The arrays {@link VectorSweep} reads, reused from layer to layer and filled straight from each
 * tensor's memory: a fresh set per layer (and the copies {@code toFloatArray} makes on the way)
 * was ~50 MB of garbage per layer on the bench shape, and the JVM grew its heap, and the process's
 * peak, by 180–280 MiB over PyTorch's blocked sweep. Also counts which kernel ran each sweep (for
 * the plnd step's provenance). One per scorer; not for concurrent traces.
 */
final class KernelScratch {

    /** What each reused array holds. */
    enum Slot { SHIFTED, NEG_PROBS, SCALED, LEFT, RIGHT, ROW_SCALE, COLUMN_SCALE, ZEROS }

    private final float[][] floats = new float[Slot.values().length][];
    private long vectorSweeps;
    private long torchSweeps;

    /** Counts one q/k sweep (a layer's q or k for one batch) by the kernel that ran it. */
    void counted(boolean vector) {
        if (vector) {
            vectorSweeps++;
        } else {
            torchSweeps++;
        }
    }

    /** How many q/k sweeps each kernel ran: {"vector": n, "torch": m}. */
    java.util.Map<String, Long> sweeps() {
        return java.util.Map.of("vector", vectorSweeps, "torch", torchSweeps);
    }

    /** The slot's array, at least {@code size} long (grown, never shrunk; contents undefined). */
    float[] floats(Slot slot, int size) {
        float[] a = floats[slot.ordinal()];
        if (a == null || a.length < size) {
            a = new float[size];
            floats[slot.ordinal()] = a;
        }
        return a;
    }

    /** The slot's array with its first {@code size} floats zero. */
    float[] zeros(Slot slot, int size) {
        float[] a = floats(slot, size);
        Arrays.fill(a, 0, size, 0f);
        return a;
    }

    /**
     * A float tensor's values, read as rows of {@code row} floats and written {@code stride} apart
     * into the slot's array (the {@code stride - row} floats after each row set to {@code fill}).
     */
    float[] rows(Slot slot, NDArray tensor, int row, int stride, float fill) {
        NDArray floats32 = tensor.getDataType() == DataType.FLOAT32 ? tensor : tensor.toType(DataType.FLOAT32, false);
        try {
            FloatBuffer in = floats32.toByteBuffer(true).asFloatBuffer(); // the tensor's own memory where contiguous
            int rows = in.remaining() / row;
            float[] out = floats(slot, rows * stride);
            for (int r = 0; r < rows; r++) {
                in.get(out, r * stride, row);
                if (stride > row) {
                    Arrays.fill(out, r * stride + row, (r + 1) * stride, fill);
                }
            }
            return out;
        } finally {
            if (floats32 != tensor) {
                floats32.close();
            }
        }
    }
}
