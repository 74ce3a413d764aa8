package io.multilens.workflow;

import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.ModelBackend;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.ModelProvider;
import io.multilens.api.model.NeuronDelta;
import io.multilens.api.model.TrainableModel;
import io.multilens.api.plugin.StepFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Loads each checkpoint once per process (per device) and shares it between steps. The backend
 * is the installed {@link ModelBackend} whose architectures hold the checkpoint's.
 */
public final class ModelCache implements ModelProvider, AutoCloseable {

    private final Supplier<Collection<ModelBackend>> backends;
    private final Map<String, LanguageModel> loaded = new LinkedHashMap<>();

    public ModelCache(Supplier<Collection<ModelBackend>> backends) {
        this.backends = backends;
    }

    @Override
    public synchronized LanguageModel get(Path modelDir, String device) {
        Path dir = canonical(modelDir);
        String key = dir + "@" + device;
        LanguageModel model = loaded.get(key);
        if (model == null) {
            model = load(dir, device);
            loaded.put(key, model);
        }
        return model;
    }

    /** A private copy, not shared and not cached: trainers change its weights. */
    @Override
    public LanguageModel open(Path modelDir, String device) {
        return load(canonical(modelDir), device);
    }

    private LanguageModel load(Path dir, String device) {
        if (NeuronDelta.isDelta(dir)) {
            return loadDelta(dir, device);
        }
        ModelConfig config = ModelConfig.read(dir);
        ModelBackend backend = backends.get().stream()
                .filter(b -> b.architectures().contains(config.architecture()))
                .findFirst()
                .orElseThrow(() -> new StepFailure(dir.resolve("config.json") + ": no installed model backend runs '"
                        + config.architecture() + "'; installed: " + supported() + " (install a backend bundle for it)"));
        return backend.load(dir, config, device);
    }

    /** A base checkpoint with a fine-tuning delta applied: a model of its own, never the shared base. */
    private LanguageModel loadDelta(Path dir, String device) {
        NeuronDelta delta = NeuronDelta.read(dir);
        Path base = canonical(delta.baseDir(dir));
        if (NeuronDelta.isDelta(base)) {
            throw new StepFailure(dir.resolve(NeuronDelta.FILE) + ": its base " + base + " is itself a delta; merge them into a full checkpoint first");
        }
        LanguageModel model = load(base, device);
        if (!(model instanceof TrainableModel trainable)) {
            model.close();
            throw new StepFailure(dir + ": the backend of " + base + " cannot apply a delta to its weights");
        }
        try {
            delta.applyTo(trainable, dir);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    private String supported() {
        TreeSet<String> all = new TreeSet<>();
        backends.get().forEach(b -> all.addAll(b.architectures()));
        return all.isEmpty() ? "none" : String.join(", ", all);
    }

    private static Path canonical(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new StepFailure(dir + ": model folder not found; 'model:' must name a Hugging Face checkpoint folder");
        }
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new StepFailure(dir + ": " + e.getMessage());
        }
    }

    /** Frees every loaded model (when the engine stops or a backend goes away). */
    @Override
    public synchronized void close() {
        loaded.values().forEach(LanguageModel::close);
        loaded.clear();
    }
}
