package io.multilens.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import io.multilens.api.plugin.StepFailure;
import java.util.Arrays;

/**
 * A call's deactivated neurons as multiplicative 0/1 vectors, one per non-empty group, built once
 * per call. Multiplying activations (never weights) keeps deactivation reversible by construction.
 */
final class NeuronMasks {

    private static final NeuronMasks NONE = new NeuronMasks(null);

    /** [layer][structure] -> [groupSize] float32, or null when nothing there is deactivated */
    private final NDArray[][] masks;

    private NeuronMasks(NDArray[][] masks) {
        this.masks = masks;
    }

    static NeuronMasks of(NDManager manager, NeuronSet deactivate, ModelConfig config) {
        if (deactivate == null || deactivate.isEmpty()) {
            return NONE;
        }
        NDArray[][] masks = new NDArray[config.numLayers()][Structure.values().length];
        for (NeuronGroup g : deactivate.groups()) {
            int size = config.groupSize(g.structure());
            int[] idx = deactivate.indices(g);
            if (g.layer() >= config.numLayers() || idx[idx.length - 1] >= size) {
                throw new StepFailure("neuron set addresses " + g.key() + " index " + idx[idx.length - 1]
                        + " but the model has " + config.numLayers() + " layers and " + size + " "
                        + g.structure().key() + " neurons per layer; the neuron file was made for another model");
            }
            float[] keep = new float[size];
            Arrays.fill(keep, 1f);
            for (int i : idx) {
                keep[i] = 0f;
            }
            masks[g.layer()][g.structure().ordinal()] = manager.create(keep);
        }
        return new NeuronMasks(masks);
    }

    /** {@code x} [..., groupSize] with the deactivated neurons of that group zeroed. */
    NDArray apply(NDArray x, int layer, Structure structure) {
        NDArray mask = masks == null ? null : masks[layer][structure.ordinal()];
        return mask == null ? x : x.mul(mask);
    }
}
