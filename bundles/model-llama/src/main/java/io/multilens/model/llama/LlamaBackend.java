package io.multilens.model.llama;

import io.multilens.kit.*;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Runs Llama, Mistral, Qwen2, Qwen3 and Phi-3 checkpoints (safetensors, F32/F16/BF16) on DJL's PyTorch engine,
 * with the weights kept in float32, float16 or bfloat16. The float32 models it loads are
 * {@link io.multilens.api.model.TrainableModel}s.
 */
@Component(service = ModelBackend.class)
public class LlamaBackend implements ModelBackend {

    @Override
    public Set<String> architectures() {
        return Variant.ARCHITECTURES;
    }

    @Override
    public ModelConfig config(Path modelDir) {
        return ModelConfig.read(modelDir);
    }

    @Override
    public LanguageModel load(Path modelDir, LoadOptions options) {
        Path configFile = modelDir.resolve(ModelConfig.FILE);
        ObjectNode configJson = (ObjectNode) ModelConfig.json(modelDir); // json() refuses anything but an object
        ModelConfig config = ModelConfig.read(modelDir, configJson);
        Variant variant = Variant.of(configFile, configJson, config);
        return CheckpointLoad.load(modelDir, options, configJson, config, (ckpt, jobs, dtype) -> {
            boolean tied = ModelWeights.tied(config, ckpt, configFile);
            Supplier<ModelWeights> assemble = ModelWeights.plan(config, variant, tied, jobs, dtype);
            UnexpectedTensors.check(modelDir, ckpt, jobs);
            return manager -> {
                ModelWeights weights = assemble.get();
                // separate q/k/v/o projections, q/k/v biases where the variant has them, FFN units in gate, up and down
                return new StoredDecoderModel(modelDir, config, configJson, manager, new Decoder(config, weights, variant),
                        weights, (group, neurons) -> variant.fused()
                                ? FusedProjections.of(group, neurons, config.qDim(), config.kvDim(), config.intermediateSize())
                                : SeparateProjections.of(group, neurons, weights.byName()::containsKey));
            };
        });
    }

    @Override
    public CheckpointLayout layout(ModelShape shape) {
        return LlamaLayout.of(shape);
    }
}
