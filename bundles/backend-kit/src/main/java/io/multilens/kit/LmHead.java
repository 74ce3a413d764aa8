package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;

/**
 * Logits from normed residual-stream rows through a stored head [V, H]: one product when the head
 * is float32, else in blocks of rows widened into a reused buffer, so a 16-bit model never holds
 * a float32 copy of a large vocabulary's head.
 */
public final class LmHead {

    private LmHead() {
    }

    /** {@code h} [..., H] in {@code m}; returns [..., V] in {@code m}. */
    public static NDArray logits(NDManager m, NDArray h, StoredWeight head) {
        if (head.float32() != null) {
            return Linear.linear(h, head.float32()).singletonOrThrow();             // [...,V]
        }
        long v = head.shape()[0];
        long block = Math.max(1, MemoryEstimate.LM_HEAD_BLOCK_ELEMENTS / head.shape()[1]);
        NDList parts = new NDList();
        try (NDManager rows = m.newSubManager()) {
            Workspace blocks = new Workspace(rows);
            for (long from = 0; from < v; from += block) {
                NDArray w = head.rows(blocks, "head", from, Math.min(v, from + block)); // [v',H]
                NDArray part = Linear.linear(h, w).singletonOrThrow();               // [...,v']
                part.attach(m);
                parts.add(part);
            }
        }
        NDArray out = NDArrays.concat(parts, h.getShape().dimension() - 1);         // [...,V]
        parts.close();
        return out;
    }
}
