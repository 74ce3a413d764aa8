package io.multilens.model.bloom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.backend.Checkpoint;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.plugin.Progress;
import io.multilens.api.model.ProgressSink;
import io.multilens.api.plugin.StepFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every BLOOM parameter in float32, by its name in the checkpoint. BLOOM checkpoints name tensors
 * with a {@code transformer.} prefix (as BloomForCausalLM saves them) or without (as BloomModel
 * and BLOOMZ's releases do); both load, and a save writes the names it read. A stored
 * {@code lm_head.weight} is ignored: the head is the word embeddings.
 *
 * @param prefix "transformer." or "", as the checkpoint names its tensors
 */
record BloomWeights(String prefix, NDArray embed, NDArray embedNormWeight, NDArray embedNormBias, List<BloomLayer> layers,
                    NDArray finalNormWeight, NDArray finalNormBias, Map<String, NDArray> byName) {

    static BloomWeights load(Path dir, Checkpoint ckpt, ModelConfig c, NDManager manager, ProgressSink progress) {
        String prefix = prefix(dir, ckpt);
        long h = c.hiddenSize();
        long i = c.intermediateSize();
        Map<String, NDArray> byName = new LinkedHashMap<>();
        int tensors = 5 + 12 * c.numLayers();
        try (Progress bar = progress.start("load " + dir.getFileName(), tensors)) {
            Loader load = (name, shape) -> {
                NDArray a = ckpt.load(manager, prefix + name, shape);
                byName.put(prefix + name, a);
                bar.advance(1);
                return a;
            };
            NDArray embed = load.tensor("word_embeddings.weight", c.vocabSize(), h);
            NDArray embedNormWeight = load.tensor("word_embeddings_layernorm.weight", h);
            NDArray embedNormBias = load.tensor("word_embeddings_layernorm.bias", h);
            List<BloomLayer> layers = new ArrayList<>();
            for (int l = 0; l < c.numLayers(); l++) {
                String p = "h." + l + ".";
                layers.add(new BloomLayer(
                        load.tensor(p + "input_layernorm.weight", h),
                        load.tensor(p + "input_layernorm.bias", h),
                        load.tensor(p + "self_attention.query_key_value.weight", 3 * h, h),
                        load.tensor(p + "self_attention.query_key_value.bias", 3 * h),
                        load.tensor(p + "self_attention.dense.weight", h, h),
                        load.tensor(p + "self_attention.dense.bias", h),
                        load.tensor(p + "post_attention_layernorm.weight", h),
                        load.tensor(p + "post_attention_layernorm.bias", h),
                        load.tensor(p + "mlp.dense_h_to_4h.weight", i, h),
                        load.tensor(p + "mlp.dense_h_to_4h.bias", i),
                        load.tensor(p + "mlp.dense_4h_to_h.weight", h, i),
                        load.tensor(p + "mlp.dense_4h_to_h.bias", h)));
            }
            NDArray finalNormWeight = load.tensor("ln_f.weight", h);
            NDArray finalNormBias = load.tensor("ln_f.bias", h);
            return new BloomWeights(prefix, embed, embedNormWeight, embedNormBias, List.copyOf(layers), finalNormWeight,
                    finalNormBias, Collections.unmodifiableMap(byName));
        }
    }

    long bytes() {
        return byName.values().stream().mapToLong(a -> a.getShape().size() * 4).sum();
    }

    private interface Loader {
        NDArray tensor(String name, long... shape);
    }

    private static String prefix(Path dir, Checkpoint ckpt) {
        if (ckpt.has("transformer.word_embeddings.weight")) {
            return "transformer.";
        }
        if (ckpt.has("word_embeddings.weight")) {
            return "";
        }
        throw new StepFailure(dir + ": neither 'word_embeddings.weight' nor 'transformer.word_embeddings.weight' is in"
                + " the checkpoint; config.json names BloomForCausalLM but the weights are not BLOOM's");
    }
}
