package io.multilens.kit;

import ai.djl.ndarray.NDArray;

/**
 * Which blocks a forward pass runs: blocks {@code from} to {@code to} - 1, starting from
 * {@code start}, the residual stream [B, T, H] at depth {@code from} (consumed: the pass closes
 * it), or from the embeddings when {@code start} is null and {@code from} is 0. Lets rows that
 * change nothing below a layer share the blocks under it ({@link SharedPrefix}).
 */
public record LayerRange(int from, int to, NDArray start) {

    /** Every block, from the embeddings. */
    public static final LayerRange ALL = new LayerRange(0, Integer.MAX_VALUE, null);

    public LayerRange {
        if (from < 0 || to < from || (start == null) != (from == 0)) {
            throw new IllegalArgumentException("blocks " + from + ".." + to + (start == null ? " from the embeddings" : " from a stream"));
        }
    }
}
