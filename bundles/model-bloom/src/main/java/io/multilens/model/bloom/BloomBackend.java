package io.multilens.model.bloom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.kit.CheckpointLoad;
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
 * Runs BLOOM and BLOOMZ checkpoints (safetensors, one file or shards, F32/F16/BF16, tensor names
 * with or without {@code transformer.}) on DJL's PyTorch engine, with the weights kept in float32,
 * float16 or bfloat16 as the Llama backend keeps them (the backend kit's weight storage: 16-bit
 * matrices widened one layer at a time). The float32 models it loads are
 * {@link io.multilens.api.model.TrainableModel}s.
 */
@Component(service = ModelBackend.class)
public class BloomBackend implements ModelBackend {

    static final String ARCHITECTURE = "BloomForCausalLM";

    @Override
    public Set<String> architectures() {
        return Set.of(ARCHITECTURE);
    }

    @Override
    public ModelConfig config(Path modelDir) {
        return BloomConfig.read(modelDir, ModelConfig.json(modelDir)).model();
    }

    @Override
    public LanguageModel load(Path modelDir, LoadOptions options) {
        ObjectNode configJson = (ObjectNode) ModelConfig.json(modelDir);
        BloomConfig config = BloomConfig.read(modelDir, configJson);
        return CheckpointLoad.load(modelDir, options, configJson, config.model(), (ckpt, jobs, dtype) -> {
            Supplier<BloomWeights> assemble = BloomWeights.plan(modelDir, ckpt, config.model(), jobs, dtype);
            return manager -> BloomModel.of(modelDir, config, configJson, manager, assemble.get());
        });
    }

    @Override
    public CheckpointLayout layout(ModelShape shape) {
        return BloomLayout.of(shape);
    }
}
