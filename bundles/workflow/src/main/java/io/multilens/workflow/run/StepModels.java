package io.multilens.workflow.run;

import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.model.ModelProvider;
import io.multilens.api.model.ProgressSink;
import io.multilens.workflow.ModelCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The models one running step sees: shared ones are held in the cache until the step ends (so
 * the cache never closes a model a step still uses), and loads show the step's progress.
 */
final class StepModels implements ModelProvider, AutoCloseable {

    private final ModelProvider provider;
    private final ProgressSink progress;
    private final List<String> held = new ArrayList<>();

    StepModels(ModelProvider provider, ProgressSink progress) {
        this.provider = provider;
        this.progress = progress;
    }

    @Override
    public synchronized LanguageModel get(Path modelDir, String device, ModelDtype dtype) {
        if (provider instanceof ModelCache cache) {
            String key = cache.acquire(modelDir, device, dtype, progress);
            held.add(key);
            return cache.model(key);
        }
        return provider.get(modelDir, device, dtype);
    }

    @Override
    public LanguageModel open(Path modelDir, String device, ModelDtype dtype) {
        return provider.open(modelDir, device, dtype);
    }

    @Override
    public io.multilens.api.model.ModelConfig config(Path modelDir) {
        return provider.config(modelDir);
    }

    @Override
    public io.multilens.api.model.CheckpointLayout layout(io.multilens.api.model.ModelShape shape) {
        return provider.layout(shape);
    }

    /** Lets the cache evict what this step held. */
    @Override
    public synchronized void close() {
        if (provider instanceof ModelCache cache) {
            held.forEach(cache::release);
        }
        held.clear();
    }
}
