package io.multilens.model.llama;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.ModelBackend;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.plugin.StepFailure;
import java.nio.file.Path;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Runs Llama, Mistral and Qwen2 checkpoints (safetensors, F32/F16/BF16) on DJL's PyTorch engine.
 * The models it loads are {@link io.multilens.api.model.TrainableModel}s.
 */
@Component(service = ModelBackend.class)
public class LlamaBackend implements ModelBackend {

    @Override
    public Set<String> architectures() {
        return Variant.ARCHITECTURES;
    }

    @Override
    public LanguageModel load(Path modelDir, ModelConfig config, String device) {
        return DjlContext.call(() -> {
            Path configFile = modelDir.resolve("config.json");
            ObjectNode configJson = ConfigJson.read(configFile);
            Variant variant = Variant.of(configFile, configJson, config);
            Device d = DeviceNames.parse(device);
            Engine engine = engine();
            DeviceNames.requireAvailable(d, engine);
            try (Checkpoint ckpt = Checkpoint.open(modelDir)) {
                NDManager manager = engine.newBaseManager(d);
                try {
                    ModelWeights weights = ModelWeights.load(ckpt, config, variant, manager);
                    return new LlamaModel(modelDir, config, configJson, variant, manager, weights);
                } catch (RuntimeException e) {
                    manager.close();
                    throw e;
                }
            }
        });
    }

    private static Engine engine() {
        try {
            // the forward pass is written and tested against PyTorch; prefer it when several engines are present
            return Engine.hasEngine("PyTorch") ? Engine.getEngine("PyTorch") : Engine.getInstance();
        } catch (EngineException e) {
            throw new StepFailure("no DJL engine (" + e.getMessage() + "); put ai.djl.pytorch:pytorch-engine and its"
                    + " native library on the launcher's class path", e);
        }
    }
}
