package io.multilens.model.bloom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.kit.DecoderModel;
import io.multilens.api.model.LayerWeights;
import java.nio.file.Path;
import io.multilens.api.model.NeuronParameters;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.Structure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A loaded BLOOM checkpoint: the shared decoder-model behaviour over BLOOM's forward pass, weights in float32. */
final class BloomModel extends DecoderModel {

    private final BloomWeights weights;
    private final BloomDecoder decoder;

    private BloomModel(Path dir, BloomConfig config, ObjectNode configJson, NDManager manager, BloomWeights weights,
                       BloomDecoder decoder) {
        super(dir, config.model(), configJson, manager, decoder);
        this.weights = weights;
        this.decoder = decoder;
    }

    static BloomModel of(Path dir, BloomConfig config, ObjectNode configJson, NDManager manager, BloomWeights weights) {
        return new BloomModel(dir, config, configJson, manager, weights, new BloomDecoder(config, weights));
    }

    @Override
    public long memoryBytes() {
        return weights.bytes();
    }

    @Override
    public io.multilens.api.model.ModelDtype dtype() {
        return weights.dtype();
    }

    @Override
    protected LayerWeights layerWeights(NDManager scope, int layer) {
        return decoder.layerWeights(scope, layer);
    }

    @Override
    public Map<String, NDArray> parameters() {
        return weights.byName();
    }

    /**
     * q/k/v neuron (h, d) is fused row h*3*hd + {0,1,2}*hd + d (weight and bias); o a column of
     * dense; an FFN unit a row (and bias entry) of dense_h_to_4h and a column of dense_4h_to_h.
     */
    @Override
    public List<NeuronParameters> neuronParameters(NeuronGroup group, int[] neurons) {
        String p = weights.prefix() + "h." + group.layer() + ".";
        List<NeuronParameters> out = new ArrayList<>();
        switch (group.structure()) {
            case Q, K, V -> {
                int part = group.structure().ordinal() - Structure.Q.ordinal();
                int hd = config().headDim();
                int[] rows = new int[neurons.length];
                for (int i = 0; i < neurons.length; i++) {
                    rows[i] = (neurons[i] / hd) * 3 * hd + part * hd + neurons[i] % hd;
                }
                String role = group.structure().name().toLowerCase(java.util.Locale.ROOT);
                out.add(new NeuronParameters(role, p + "self_attention.query_key_value.weight", 0, rows));
                out.add(new NeuronParameters(role, p + "self_attention.query_key_value.bias", 0, rows));
            }
            case O -> out.add(new NeuronParameters("o", p + "self_attention.dense.weight", 1, neurons));
            case FFN -> {
                out.add(new NeuronParameters("up", p + "mlp.dense_h_to_4h.weight", 0, neurons));
                out.add(new NeuronParameters("up", p + "mlp.dense_h_to_4h.bias", 0, neurons));
                out.add(new NeuronParameters("down", p + "mlp.dense_4h_to_h.weight", 1, neurons));
            }
        }
        return out;
    }
}
