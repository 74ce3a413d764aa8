package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;

/**
 * A float16 weight held by the engine on a GPU, where host memory cannot be written into the
 * device's tensors: widened by the engine, one layer at a time.
 */
public record DeviceHalfWeight(NDArray array) implements StoredWeight {

    @Override
    public long[] shape() {
        return array.getShape().getShape();
    }

    @Override
    public long bytes() {
        return array.getShape().size() * 2;
    }

    @Override
    public NDArray widen(NDManager scope) {
        NDArray wide = array.toType(DataType.FLOAT32, true);
        wide.attach(scope);
        return wide;
    }

    /** The GPU allocator caches freed blocks: a fresh copy per layer costs no page faults there; the slot frees the last one. */
    @Override
    public NDArray widen(Workspace workspace, String slot) {
        NDArray wide = array.toType(DataType.FLOAT32, true);
        wide.attach(workspace.manager());
        return workspace.hold(slot, wide);
    }

    @Override
    public NDArray rows(Workspace workspace, String slot, long from, long to) {
        return workspace.hold(slot, rows(workspace.manager(), from, to));
    }

    @Override
    public NDArray rows(NDManager scope, long from, long to) {
        try (NDArray view = array.get(new NDIndex(from + ":" + to))) {
            NDArray wide = view.toType(DataType.FLOAT32, true);
            wide.attach(scope);
            return wide;
        }
    }

    @Override
    public NDArray gather(NDManager scope, long[] ids, long b, long t) {
        NDArray idArray = scope.create(ids, new Shape(b, t)).toDevice(array.getDevice(), false);   // [B,T]
        NDArray rows = Embedding.embedding(idArray, array, SparseFormat.DENSE).singletonOrThrow();  // [B,T,H] f16
        NDArray wide = rows.toType(DataType.FLOAT32, true);                                         // [B,T,H]
        wide.attach(scope);
        return wide;
    }

    @Override
    public NDArray float32() {
        return null;
    }

    @Override
    public void close() {
        array.close();
    }
}
