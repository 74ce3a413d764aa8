package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.model.LayerWeights;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.model.NeuronParameters;
import io.multilens.api.neurons.NeuronGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A loaded checkpoint: the shared decoder-model behaviour over a backend's forward pass, its
 * stored weights and its rule for which parameters a neuron owns. Backends whose models differ
 * only in those three use it as it is.
 */
public final class StoredDecoderModel extends DecoderModel {

    private final DecoderWeights weights;
    private final BiFunction<NeuronGroup, int[], List<NeuronParameters>> owned;

    /** @param owned which parameter entries belong to some neurons of a group ({@link #neuronParameters}) */
    public StoredDecoderModel(Path dir, ModelConfig config, ObjectNode configJson, NDManager manager, ForwardPass decoder,
                              DecoderWeights weights, BiFunction<NeuronGroup, int[], List<NeuronParameters>> owned) {
        super(dir, config, configJson, manager, decoder);
        this.weights = weights;
        this.owned = owned;
    }

    @Override
    public long memoryBytes() {
        return weights.bytes();
    }

    @Override
    public ModelDtype dtype() {
        return weights.dtype();
    }

    @Override
    protected LayerWeights layerWeights(NDManager scope, int layer) {
        return weights.widen(scope, layer);
    }

    @Override
    public Map<String, NDArray> parameters() {
        return weights.byName();
    }

    @Override
    public List<NeuronParameters> neuronParameters(NeuronGroup group, int[] neurons) {
        return owned.apply(group, neurons);
    }
}
