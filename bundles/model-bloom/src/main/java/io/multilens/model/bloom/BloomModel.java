package io.multilens.model.bloom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.backend.DecoderModel;
import io.multilens.api.model.LayerWeights;
import java.nio.file.Path;
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
    protected LayerWeights layerWeights(NDManager scope, int layer) {
        return decoder.layerWeights(scope, layer);
    }

    @Override
    public Map<String, NDArray> parameters() {
        return weights.byName();
    }
}
