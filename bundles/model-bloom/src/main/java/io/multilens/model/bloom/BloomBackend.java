package io.multilens.model.bloom;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.backend.Checkpoint;
import io.multilens.api.backend.DeviceNames;
import io.multilens.api.backend.DjlContext;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.MemoryBudget;
import io.multilens.api.model.ModelBackend;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.plugin.StepFailure;
import java.nio.file.Path;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Runs BLOOM and BLOOMZ checkpoints (safetensors, one file or shards, F32/F16/BF16, tensor names
 * with or without {@code transformer.}) on DJL's PyTorch engine. Weights are kept in float32:
 * 16-bit checkpoints are widened exactly at load, and {@code dtype: float16|bfloat16} is refused
 * by name rather than silently ignored. The models it loads are
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
        return DjlContext.call(() -> {
            Path configFile = modelDir.resolve(ModelConfig.FILE);
            ObjectNode configJson = (ObjectNode) ModelConfig.json(modelDir);
            BloomConfig config = BloomConfig.read(modelDir, configJson);
            ModelDtype dtype = options.dtype().resolve(ModelConfig.torchDtype(configJson));
            if (options.dtype() != ModelDtype.AUTO && dtype != ModelDtype.FLOAT32) {
                throw new StepFailure(configFile.getParent() + ": dtype " + dtype.label() + " is not offered by the BLOOM"
                        + " backend, which keeps weights in float32 (16-bit checkpoints are widened at load); use dtype"
                        + " float32 or auto");
            }
            Device device = DeviceNames.parse(options.device());
            Engine engine = DjlContext.engine();
            DeviceNames.requireAvailable(device, engine);
            try (Checkpoint ckpt = Checkpoint.open(modelDir)) {
                if (!device.isGpu()) {
                    requireMemory(modelDir, config.model(), options.memory());
                }
                NDManager manager = engine.newBaseManager(device);
                try {
                    BloomWeights weights = BloomWeights.load(modelDir, ckpt, config.model(), manager, options.progress());
                    return BloomModel.of(modelDir, config, configJson, manager, weights);
                } catch (RuntimeException e) {
                    manager.close();
                    throw e;
                }
            }
        });
    }

    /** float32 weights (embeddings, 12 H² per block) plus a logits block: refuse before allocating what cannot fit. */
    private static void requireMemory(Path dir, ModelConfig c, MemoryBudget budget) {
        long h = c.hiddenSize();
        long parameters = (long) c.vocabSize() * h + c.numLayers() * (12 * h * h + 13 * h);
        long need = parameters * 4 + (long) c.vocabSize() * 4 * 512;
        long available = budget.availableBytes();
        if (available > 0 && need > available) {
            throw new StepFailure(String.format("%s: the BLOOM backend needs about %s (float32 weights and working"
                    + " memory) but only %s is available; free memory or use a smaller checkpoint", dir,
                    MemoryBudget.format(need), MemoryBudget.format(available)));
        }
    }
}
