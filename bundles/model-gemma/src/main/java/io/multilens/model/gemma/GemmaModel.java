package io.multilens.model.gemma;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.kit.DecoderModel;
import io.multilens.kit.SeparateProjections;
import io.multilens.api.model.LayerWeights;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.model.NeuronParameters;
import io.multilens.api.neurons.NeuronGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A loaded Gemma-2 checkpoint: the shared decoder-model behaviour over Gemma's forward pass and weights. */
final class GemmaModel extends DecoderModel {

    private final GemmaWeights weights;

    GemmaModel(Path dir, ModelConfig config, ObjectNode configJson, GemmaVariant variant, NDManager manager,
               GemmaWeights weights) {
        super(dir, config, configJson, manager, new GemmaDecoder(config, weights, variant));
        this.weights = weights;
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
        return weights.layers().get(layer).widen(scope);
    }

    @Override
    public Map<String, NDArray> parameters() {
        return weights.byName();
    }

    /** Separate q/k/v/o projections without biases; FFN units in gate, up and down. */
    @Override
    public List<NeuronParameters> neuronParameters(NeuronGroup group, int[] neurons) {
        return SeparateProjections.of(group, neurons, name -> false);
    }
}
