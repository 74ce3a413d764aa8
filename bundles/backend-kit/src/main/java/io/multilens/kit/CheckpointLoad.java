package io.multilens.kit;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.ModelDtype;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The load sequence every backend shares: the dtype and device checked, the checkpoint opened,
 * the backend's tensors planned, the memory estimate checked before anything is allocated, the
 * tensors read (in parallel for large checkpoints) into a fresh manager, and that manager freed
 * again if anything fails. A backend supplies only its {@link Plan}.
 */
public final class CheckpointLoad {

    /** What one architecture adds: its tensors, then its model built from them. */
    @FunctionalInterface
    public interface Plan<M extends LanguageModel> {
        /**
         * Registers every tensor the model needs with {@code jobs} (refusing a checkpoint that does
         * not fit the config, by name); returns what assembles the model, in the manager it is
         * given, once the jobs have run.
         */
        Function<NDManager, M> plan(Checkpoint checkpoint, LoadJobs jobs, ModelDtype dtype);
    }

    private CheckpointLoad() {
    }

    /**
     * @param configJson config.json as read (its {@code torch_dtype} resolves {@code dtype: auto})
     * @param config     the shared description, for the memory estimate
     */
    public static <M extends LanguageModel> M load(Path modelDir, LoadOptions options, JsonNode configJson,
                                                   ModelConfig config, Plan<M> plan) {
        return DjlContext.call(() -> {
            Path configFile = modelDir.resolve(ModelConfig.FILE);
            ModelDtype dtype = options.dtype().resolve(ModelConfig.torchDtype(configJson));
            Device device = DeviceNames.parse(options.device());
            Precision.requireSupported(dtype, device, configFile);
            Engine engine = DjlContext.engine();
            DeviceNames.requireAvailable(device, engine);
            try (Checkpoint ckpt = Checkpoint.open(modelDir)) {
                LoadJobs jobs = new LoadJobs();
                Function<NDManager, M> assemble = plan.plan(ckpt, jobs, dtype);
                jobs.requireInHeaders(ckpt);
                // small checkpoints load on one thread: nothing to gain, and a resumed training run was
                // seen to differ slightly from an uninterrupted one when its model loaded on several (not explained)
                int threads = jobs.storedBytes(dtype) < (512L << 20) ? 1 : loadThreads();
                String what = String.valueOf(modelDir.getFileName());
                if (!device.isGpu()) {
                    what += ", " + MemoryEstimate.check(modelDir, jobs, dtype, config, threads, options.memory()).summary();
                }
                NDManager manager = engine.newBaseManager(device);
                try {
                    jobs.run(new WeightLoader(ckpt, dtype, device, manager), options.progress(), threads, what);
                    return assemble.apply(manager);
                } catch (RuntimeException | Error e) {
                    manager.close();                              // an OutOfMemoryError too: native memory is not the heap's
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
