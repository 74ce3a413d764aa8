package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.LayerProbe;

/**
 * Runs a decoder's blocks over the residual stream, each in a sub-manager of its own so that a
 * block's intermediates are freed as soon as it is done (DJL puts a result in its receiver's
 * manager, and the block's input is attached to that scope for the block's duration), and shows
 * the probe the stream at every depth (0: the embeddings, i + 1: after block i), after the
 * intervention's residual shift at that depth if it has one.
 */
public final class LayerStack {

    /** One block: its input [B, T, H] in, its output [B, T, H] out. */
    @FunctionalInterface
    public interface Block {
        NDArray apply(int layer, NDArray x);
    }

    private LayerStack() {
    }

    /** @param valid [B, T] for the probe; may be null without one */
    public static NDArray run(NDManager m, NDArray embeddings, int layers, Block block, NeuronMasks masks, LayerProbe probe,
                              NDArray valid) {
        return run(m, embeddings, LayerRange.ALL, layers, block, masks, probe, valid);
    }

    /**
     * Blocks {@code range.from()} up to {@code range.to()} (at most {@code layers}), from
     * {@code embeddings} (null unless the range starts at 0) or from the range's start stream.
     */
    public static NDArray run(NDManager m, NDArray embeddings, LayerRange range, int layers, Block block, NeuronMasks masks,
                              LayerProbe probe, NDArray valid) {
        NDArray x = range.start() != null ? range.start() : shifted(masks, embeddings, 0);
        if (probe != null && range.from() == 0) {
            probe.residual(0, x, valid);
        }
        for (int i = range.from(); i < Math.min(layers, range.to()); i++) {
            NDArray out;
            try (NDManager scope = m.newSubManager()) {
                scope.tempAttachAll(x);          // results follow their receiver: this block's intermediates land in scope
                out = block.apply(i, x);
                out.attach(m);
            }
            x.close();
            x = shifted(masks, out, i + 1);
            if (probe != null) {
                probe.residual(i + 1, x, valid);
            }
        }
        return x;
    }

    /** The stream at {@code depth} after the intervention's shift there (the unshifted array closed). */
    private static NDArray shifted(NeuronMasks masks, NDArray x, int depth) {
        NDArray s = masks.shift(x, depth);
        if (s != x) {
            x.close();
        }
        return s;
    }
}
