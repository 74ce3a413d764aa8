package io.multilens.kit;

import io.multilens.api.data.HalfFormat;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A weight kept in float16 or bfloat16 off the Java heap on the host: the checkpoint file's own
 * bytes (memory-mapped) when it stores that format, else a converted copy. Widening writes
 * straight into the memory of a new float32 tensor, in pieces over all cores.
 *
 * @param blocks little-endian 16-bit values, {@code blockRows} rows each (the last may hold fewer):
 *               a buffer holds at most 2 GiB, a 70B model's embedding does not
 */
public record HalfWeight(HalfFormat format, long[] shape, List<ByteBuffer> blocks, long blockRows) implements StoredWeight {

    /** Elements one thread widens at a time: large enough to amortise, small enough to share. */
    private static final int PIECE = 1 << 20;

    public long rowCount() {
        return shape.length == 0 ? 1 : shape[0];
    }

    public long rowElements() {
        long n = 1;
        for (int i = 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return n;
    }

    @Override
    public long bytes() {
        return rowCount() * rowElements() * 2;
    }

    @Override
    public NDArray widen(NDManager scope) {
        return rows(scope, 0, rowCount());
    }

    @Override
    public NDArray widen(Workspace workspace, String slot) {
        NDArray out = workspace.buffer(slot, shape);
        fill(out, 0, rowCount());
        return out;
    }

    @Override
    public NDArray rows(NDManager scope, long from, long to) {
        NDArray out = scope.create(new Shape(rowsShape(from, to)), DataType.FLOAT32);     // uninitialised
        fill(out, from, to);
        return out;
    }

    /** Rows {@code [from, to)} in the workspace's buffer for {@code slot}. */
    @Override
    public NDArray rows(Workspace workspace, String slot, long from, long to) {
        NDArray out = workspace.buffer(slot, rowsShape(from, to));
        fill(out, from, to);
        return out;
    }

    private long[] rowsShape(long from, long to) {
        long[] outShape = shape.clone();
        if (outShape.length > 0) {
            outShape[0] = to - from;
        }
        return outShape;
    }

    /** Widens rows {@code [from, to)} into {@code out}'s memory (a float32 host tensor of their shape). */
    private void fill(NDArray out, long from, long to) {
        FloatBuffer dst = out.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
        long first = from * rowElements();
        long count = (to - from) * rowElements();
        int pieces = Math.toIntExact((count + PIECE - 1) / PIECE);
        IntStream.range(0, pieces).parallel().forEach(p -> {
            long start = (long) p * PIECE;
            long n = Math.min(PIECE, count - start);
            copy(first + start, n, dst.duplicate().position(Math.toIntExact(start)));
        });
    }

    @Override
    public NDArray gather(NDManager scope, long[] ids, long b, long t) {
        long h = rowElements();
        NDArray out = scope.create(new Shape(b, t, h), DataType.FLOAT32);            // [B,T,H]
        FloatBuffer dst = out.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
        IntStream.range(0, ids.length).parallel().forEach(i ->
                copy(ids[i] * h, h, dst.duplicate().position(Math.toIntExact(i * h))));
        return out;
    }

    /** Widens elements {@code [element, element + n)} of the matrix into {@code dst}, across block edges. */
    private void copy(long element, long n, FloatBuffer dst) {
        long perBlock = blockRows * rowElements();
        long done = 0;
        while (done < n) {
            long at = element + done;
            int block = Math.toIntExact(at / perBlock);
            long inBlock = at % perBlock;
            int take = Math.toIntExact(Math.min(n - done, perBlock - inBlock));
            format.widen(blocks.get(block), inBlock, take, dst);
            done += take;
        }
    }

    @Override
    public NDArray float32() {
        return null;
    }

    @Override
    public void close() {
        // mapped and direct buffers are released with their last reference
    }

    /** Buffers for a [rows, ...] matrix of 16-bit values, split into blocks of at most {@code maxBlockBytes}. */
    public static long blockRows(long[] shape, long maxBlockBytes) {
        long rowBytes = 2;
        for (int i = 1; i < shape.length; i++) {
            rowBytes *= shape[i];
        }
        return Math.max(1, maxBlockBytes / Math.max(1, rowBytes));
    }

    public static ByteBuffer allocate(long bytes) {
        return ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }
}
