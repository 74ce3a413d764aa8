package io.multilens.plnd.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * {@link ProbabilityChange#squared} through {@link VectorSweep}: the factors copied out of PyTorch
 * as arrays, swept, and the [B, nh, hd] result handed back as an NDArray. Whole heads at once (not
 * {@code qk_chunk} dimensions: nothing here grows with the query block, and fewer, larger copies
 * ran faster). Kept apart from VectorSweep so that nothing here loads {@code jdk.incubator.vector}
 * on a JVM without it.
 */
final class VectorKernel {

    private VectorKernel() {
    }

    /**
     * The per-dimension squared change, reduced: [B, *, hd]; null where the model's attention or
     * the factors do not fit the kernel ({@code terms}, the factors' r, must be 1 or 2; checked
     * before any factor is made), or where its arrays would take more than a quarter of the JVM's
     * heap or one would pass 2 GiB (very long documents): PyTorch's blocked sweep does those.
     */
    static NDArray squared(AttentionBatch a, int terms, ProbabilityChange.Shift shift, ProbabilityChange.Reduce reduce) {
        if (!a.scoreTransform().isNone() || terms < 1 || terms > 2) {
            return null;                                         // a soft cap between the shift and the softmax, or whole-head factors
        }
        long stride = a.tokens + RowScores.LANES;
        long rowFloats = (long) a.batch * a.heads * a.tokens * stride;        // shifted, negated and scaled scores
        long factorFloats = (long) a.batch * a.heads * a.headDim * (2 * terms * stride + 3 * stride); // left, right, rescalings
        long largest = Math.max(rowFloats, (long) a.batch * a.heads * a.headDim * terms * stride);
        if (4 * (3 * rowFloats + factorFloats) > Runtime.getRuntime().maxMemory() / 4 || largest > Integer.MAX_VALUE / 4) {
            return null;                                         // very long documents: arrays over a quarter of the heap, or 2 GiB
        }
        try (NDManager c = a.scope.newSubManager()) {
            ProbabilityChange.Factors f = shift.factors(c, 0, a.headDim); // [B, nh, hd, T, r], [B, nh, hd, r, T]
            VectorSweep.Chunk arrays = arrays(a, f, a.headDim);
            if (arrays == null) {
                return null;
            }
            float[] squared = VectorSweep.squared(a.rowScores(), arrays); // [B*nh*hd]
            NDArray perHead = c.create(squared, new Shape(a.batch, a.heads, a.headDim)); // [B, nh, hd]
            NDArray reduced = reduce.apply(perHead);              // [B, *, hd]
            reduced.attach(a.scope);
            return reduced;
        }
    }

    /** The factors as the kernel reads them, or null for shapes it does not take (a D axis of 1, more than two terms). */
    private static VectorSweep.Chunk arrays(AttentionBatch a, ProbabilityChange.Factors f, int dims) {
        Shape left = f.left().getShape();
        Shape right = f.right().getShape();
        long terms = left.get(4);
        if (left.get(2) != dims || right.get(2) != dims || right.get(3) != terms || terms > 2
                || left.get(1) != a.heads || right.get(1) != a.heads) {
            return null;
        }
        RowScores rows = a.rowScores();
        KernelScratch scratch = a.scratch();
        int t = a.tokens;
        int heads = a.batch * a.heads * dims;                 // (document, head, dimension) triples
        float[] leftRows = scratch.rows(KernelScratch.Slot.LEFT, f.left(), t * (int) terms, t * (int) terms, 0f); // [B*nh*D, T*r]
        float[] rightRows = scratch.rows(KernelScratch.Slot.RIGHT, f.right(), t, rows.stride, 0f);                // [B*nh*D*r, stride]
        float[] rowScale = f.rowScale() == null ? null
                : scratch.rows(KernelScratch.Slot.ROW_SCALE, f.rowScale(), t, t, 0f);                             // [B*nh*D, T]
        float[] columnScale = f.columnScale() == null ? null
                : scratch.rows(KernelScratch.Slot.COLUMN_SCALE, f.columnScale(), t, rows.stride, 0f);             // [B*nh*D, stride]
        float[] columns = columnScale != null ? columnScale
                : rowScale != null ? scratch.zeros(KernelScratch.Slot.ZEROS, heads * rows.stride) : null;
        return new VectorSweep.Chunk(dims, (int) terms, leftRows, rightRows, rowScale, columnScale, columns);
    }
}
