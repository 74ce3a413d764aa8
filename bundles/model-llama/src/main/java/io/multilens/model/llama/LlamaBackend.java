package io.multilens.model.llama;

import io.multilens.api.backend.*;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.ModelBackend;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.plugin.StepFailure;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Component;

/**
 * Runs Llama, Mistral and Qwen2 checkpoints (safetensors, F32/F16/BF16) on DJL's PyTorch engine,
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
        return DjlContext.call(() -> {
            Path configFile = modelDir.resolve(ModelConfig.FILE);
            ObjectNode configJson = (ObjectNode) ModelConfig.json(modelDir); // json() refuses anything but an object
            ModelConfig config = ModelConfig.read(modelDir, configJson);
            Variant variant = Variant.of(configFile, configJson, config);
            Device d = DeviceNames.parse(options.device());
            ModelDtype dtype = options.dtype().resolve(ModelConfig.torchDtype(configJson));
            Precision.requireSupported(dtype, d, configFile);
            Engine engine = DjlContext.engine();
            DeviceNames.requireAvailable(d, engine);
            try (Checkpoint ckpt = Checkpoint.open(modelDir)) {
                boolean tied = ModelWeights.tied(config, ckpt, configFile);
                LoadJobs jobs = new LoadJobs();
                Supplier<ModelWeights> assemble = ModelWeights.plan(config, variant.qkvBias(), tied, jobs, dtype);
                UnexpectedTensors.check(modelDir, ckpt, jobs);
                // small checkpoints load on one thread: nothing to gain, and a resumed training run was
                // seen to differ slightly from an uninterrupted one when its model loaded on several (not explained)
                int threads = jobs.storedBytes(dtype) < (512L << 20) ? 1 : loadThreads();
                if (!d.isGpu()) {
                    MemoryEstimate.check(modelDir, jobs, dtype, config, threads, options.memory());
                }
                NDManager manager = engine.newBaseManager(d);
                try {
                    jobs.run(new WeightLoader(ckpt, dtype, d, manager), options.progress(), threads,
                            String.valueOf(modelDir.getFileName()));
                    return new LlamaModel(modelDir, config, configJson, variant, manager, assemble.get());
                } catch (RuntimeException e) {
                    manager.close();
                    throw e;
                }
            }
        });
    }

    /**
     * Decoding and allocating overlap well up to a few threads; more only contend for memory
     * bandwidth. {@code -Dmultilens.load.threads=N} overrides.
     */
    private static int loadThreads() {
        int set = Integer.getInteger("multilens.load.threads", 0);
        return set > 0 ? set : Math.min(4, Runtime.getRuntime().availableProcessors());
    }
}
