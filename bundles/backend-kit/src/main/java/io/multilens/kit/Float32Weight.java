package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;

/** A float32 weight on the model's device: the forward pass reads it as it is. */
public record Float32Weight(NDArray array) implements StoredWeight {

    @Override
    public long[] shape() {
        return array.getShape().getShape();
    }

    @Override
    public long bytes() {
        return array.getShape().size() * 4;
    }

    @Override
    public NDArray widen(NDManager scope) {
        return array;
    }

    @Override
    public NDArray widen(Workspace workspace, String slot) {
        return array;
    }

    @Override
    public NDArray rows(NDManager scope, long from, long to) {
        NDArray view = array.get(new NDIndex(from + ":" + to));
        view.attach(scope);
        return view;
    }

    @Override
    public NDArray gather(NDManager scope, long[] ids, long b, long t) {
        NDArray idArray = scope.create(ids, new Shape(b, t));                                        // [B,T]
        return Embedding.embedding(idArray, array, SparseFormat.DENSE).singletonOrThrow();          // [B,T,H]
    }

    @Override
    public NDArray float32() {
        return array;
    }

    @Override
    public void close() {
        array.close();
    }
}
