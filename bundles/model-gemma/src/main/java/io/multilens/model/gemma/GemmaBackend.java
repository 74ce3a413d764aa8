package io.multilens.model.gemma;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.kit.CheckpointLoad;
import io.multilens.kit.SeparateProjections;
import io.multilens.kit.StoredDecoderModel;
import io.multilens.kit.UnexpectedTensors;
import io.multilens.api.model.CheckpointLayout;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.ModelBackend;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.ModelShape;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Component;

/**
 * Runs Gemma-2 and Gemma-3 checkpoints (the text model of {@code Gemma3ForConditionalGeneration}
 * too; safetensors, F32/F16/BF16, one file or shards) on DJL's PyTorch engine,
 * with the weights kept in float32, float16 or bfloat16 (the backend kit's weight storage). The
 * float32 models it loads are {@link io.multilens.api.model.TrainableModel}s.
 */
@Component(service = ModelBackend.class)
public class GemmaBackend implements ModelBackend {

    @Override
    public Set<String> architectures() {
        return GemmaVariant.ARCHITECTURES;
    }

    @Override
    public ModelConfig config(Path modelDir) {
        return ModelConfig.read(modelDir, GemmaConfigs.text(modelDir));
    }

    @Override
    public LanguageModel load(Path modelDir, LoadOptions options) {
        Path configFile = modelDir.resolve(ModelConfig.FILE);
        ObjectNode configJson = (ObjectNode) ModelConfig.json(modelDir);    // written back when the model is saved
        ObjectNode text = GemmaConfigs.text(modelDir, configJson);
        ModelConfig config = ModelConfig.read(modelDir, text);
        GemmaVariant variant = GemmaVariant.of(configFile, text, config);
        return CheckpointLoad.load(modelDir, options, text, config, (ckpt, jobs, dtype) -> {
            GemmaWeights.requireTied(config, ckpt, configFile);
            String prefix = GemmaWeights.prefix(ckpt, configFile);
            Supplier<GemmaWeights> assemble = GemmaWeights.plan(config, prefix, variant.qkNorm(), jobs, dtype);
            UnexpectedTensors.check(modelDir, ckpt, jobs, name -> GemmaWeights.elsewhere(prefix, name));
            return manager -> {
                GemmaWeights weights = assemble.get();
                // separate q/k/v/o projections without biases, FFN units in gate, up and down
                return new StoredDecoderModel(modelDir, config, configJson, manager, new GemmaDecoder(config, weights, variant),
                        weights, (group, neurons) -> SeparateProjections.of(weights.prefix(), group, neurons, name -> false));
            };
        });
    }

    @Override
    public CheckpointLayout layout(ModelShape shape) {
        return GemmaLayout.of(shape);
    }
}
