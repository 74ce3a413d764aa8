package io.multilens.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.kit.DecoderModel;
import io.multilens.kit.SeparateProjections;
import io.multilens.api.model.LayerWeights;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.ModelDtype;
import java.nio.file.Path;
import io.multilens.api.model.NeuronParameters;
import io.multilens.api.neurons.NeuronGroup;
import java.util.List;
import java.util.Map;

/** A loaded Llama-family checkpoint: the shared decoder-model behaviour over Llama's forward pass and weights. */
final class LlamaModel extends DecoderModel {

    private final ModelWeights weights;

    LlamaModel(Path dir, ModelConfig config, ObjectNode configJson, Variant variant, NDManager manager,
               ModelWeights weights) {
        super(dir, config, configJson, manager, new Decoder(config, weights, variant));
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

    /** Separate q/k/v/o projections; q/k/v biases where the variant has them; FFN units in gate, up and down. */
    @Override
    public List<NeuronParameters> neuronParameters(NeuronGroup group, int[] neurons) {
        return SeparateProjections.of(group, neurons, name -> weights.byName().containsKey(name));
    }
}
