package io.multilens.model.bloom;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.backend.Checkpoint;
import io.multilens.api.backend.DeviceNames;
import io.multilens.api.backend.DjlContext;
import io.multilens.api.backend.LoadJobs;
import io.multilens.api.backend.MemoryEstimate;
import io.multilens.api.backend.Precision;
import io.multilens.api.backend.WeightLoader;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.ModelBackend;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.ModelDtype;
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
        return DjlContext.call(() -> {
            Path configFile = modelDir.resolve(ModelConfig.FILE);
            ObjectNode configJson = (ObjectNode) ModelConfig.json(modelDir);
            BloomConfig config = BloomConfig.read(modelDir, configJson);
            ModelDtype dtype = options.dtype().resolve(ModelConfig.torchDtype(configJson));
            Device device = DeviceNames.parse(options.device());
            Precision.requireSupported(dtype, device, configFile);
            Engine engine = DjlContext.engine();
            DeviceNames.requireAvailable(device, engine);
            try (Checkpoint ckpt = Checkpoint.open(modelDir)) {
                LoadJobs jobs = new LoadJobs();
                Supplier<BloomWeights> assemble = BloomWeights.plan(modelDir, ckpt, config.model(), jobs, dtype);
                int threads = jobs.storedBytes(dtype) < (512L << 20) ? 1 : Math.min(4, Runtime.getRuntime().availableProcessors());
                if (!device.isGpu()) {
                    MemoryEstimate.check(modelDir, jobs, dtype, config.model(), threads, options.memory());
                }
                NDManager manager = engine.newBaseManager(device);
                try {
                    jobs.run(new WeightLoader(ckpt, dtype, device, manager), options.progress(), threads,
                            String.valueOf(modelDir.getFileName()));
                    return BloomModel.of(modelDir, config, configJson, manager, assemble.get());
                } catch (RuntimeException e) {
                    manager.close();
                    throw e;
                }
            }
        });
    }
}
