package io.multilens.workflow.run;

import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.model.ModelProvider;
import io.multilens.api.status.ProgressSink;
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
    private final List<Hold> held = new ArrayList<>();

    StepModels(ModelProvider provider, ProgressSink progress) {
        this.provider = provider;
        this.progress = progress;
    }

    @Override
    public synchronized LanguageModel get(Path modelDir, String device, ModelDtype dtype) {
        Hold hold = provider.acquire(modelDir, device, dtype, progress);
        held.add(hold);
        return hold.model();
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
        held.forEach(Hold::close);
        held.clear();
    }
}
