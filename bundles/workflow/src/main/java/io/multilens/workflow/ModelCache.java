package io.multilens.workflow;

import io.multilens.api.model.CheckpointFingerprint;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.MemoryBudget;
import io.multilens.api.model.ModelBackend;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.model.ModelProvider;
import io.multilens.api.model.NeuronDelta;
import io.multilens.api.status.ProgressSink;
import io.multilens.api.model.TrainableModel;
import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Loads each checkpoint once per process and shares it between steps and runs (also across
 * {@code watch}'s runs). Models are keyed by the checkpoint's content fingerprint, device and
 * dtype, so two paths to the same files share a model and a checkpoint replaced in place is
 * loaded anew. Beyond the memory budget, the least recently used models that no running step
 * holds are closed; a model in use is never closed. The backend is the installed
 * {@link ModelBackend} whose architectures hold the checkpoint's, chosen before its config is read.
 */
public final class ModelCache implements ModelProvider, AutoCloseable {

    /** Framework/system property: bytes (or 12g, 512m) the cached models may take together. */
    public static final String BUDGET_PROPERTY = "multilens.models.budget";

    private static final class Entry {
        final LanguageModel model;
        int users;
        long lastUsed;

        Entry(LanguageModel model) {
            this.model = model;
        }
    }

    private final Supplier<Collection<ModelBackend>> backends;
    private final long budget;
    private final Consumer<String> log;
    private final Map<String, Entry> loaded = new LinkedHashMap<>();
    private long clock;

    public ModelCache(Supplier<Collection<ModelBackend>> backends) {
        this(backends, defaultBudget(), line -> { });
    }

    /** @param budget bytes the cached models may take; non-positive for no limit */
    public ModelCache(Supplier<Collection<ModelBackend>> backends, long budget, Consumer<String> log) {
        this.backends = backends;
        this.budget = budget;
        this.log = log;
    }

    /** {@value #BUDGET_PROPERTY}, else half the host's memory. */
    static long defaultBudget() {
        String set = System.getProperty(BUDGET_PROPERTY);
        if (set != null && !set.isBlank()) {
            try {
                return MemoryBudget.parseBytes(set);
            } catch (NumberFormatException e) {
                System.err.println("-D" + BUDGET_PROPERTY + "=" + set + " is not a size (use e.g. 12g or 512m);"
                        + " using half the host's memory");
            }
        }
        long total = MemoryBudget.totalBytes();
        return total > 0 ? total / 2 : -1;
    }

    /** Shares a model without holding it: prefer {@link #acquire} (steps get held models through their context). */
    @Override
    public synchronized LanguageModel get(Path modelDir, String device, ModelDtype dtype) {
        String key = hold(modelDir, device, dtype, ProgressSink.NONE);
        // Not held, but not evicted here either (release would close a model larger than the
        // budget before the caller saw it); a later acquire may evict it.
        unhold(key);
        return loaded.get(key).model;
    }

    /** Loads (or finds) a model and holds it until the hold is closed: it is not evicted meanwhile. */
    @Override
    public synchronized Hold acquire(Path modelDir, String device, ModelDtype dtype, ProgressSink progress) {
        String key = hold(modelDir, device, dtype, progress);
        LanguageModel model = loaded.get(key).model;
        return new Hold() {
            private boolean released;

            @Override
            public LanguageModel model() {
                return model;
            }

            @Override
            public void close() {
                synchronized (ModelCache.this) {
                    if (!released) {
                        released = true;
                        release(key);
                    }
                }
            }
        };
    }

    /**
     * Loads (or finds) a model and holds it until {@link #release}: it is not evicted meanwhile.
     *
     * @return the key to release it with
     */
    synchronized String hold(Path modelDir, String device, ModelDtype dtype, ProgressSink progress) {
        Path dir = canonical(modelDir);
        ModelDtype resolved = resolve(dir, dtype);
        String key = CheckpointFingerprint.of(dir) + "@" + device + "@" + resolved.label();
        Entry e = loaded.get(key);
        if (e == null) {
            e = new Entry(loadMakingRoom(dir, device, resolved, progress));
            loaded.put(key, e);
        }
        e.users++;
        e.lastUsed = ++clock;
        evictBeyondBudget();
        return key;
    }

    /**
     * Loads, and when the load fails while idle models are held (the backend may have refused for
     * lack of the memory they take), closes the idle ones and tries once more.
     */
    private LanguageModel loadMakingRoom(Path dir, String device, ModelDtype dtype, ProgressSink progress) {
        try {
            return load(dir, device, dtype, progress);
        } catch (StepFailure first) {
            List<String> idle = loaded.entrySet().stream().filter(x -> x.getValue().users == 0).map(Map.Entry::getKey)
                    .toList();
            if (idle.isEmpty()) {
                throw first;
            }
            for (String k : idle) {
                log.accept("model cache: closing idle " + loaded.get(k).model.directory() + " to make room");
                loaded.remove(k).model.close();
            }
            return load(dir, device, dtype, progress);
        }
    }

    /** AUTO as the checkpoint's torch_dtype, so that auto and the type it names share one model. */
    private static ModelDtype resolve(Path dir, ModelDtype dtype) {
        if (dtype != ModelDtype.AUTO || NeuronDelta.isDelta(dir)) {
            return dtype;
        }
        return dtype.resolve(ModelConfig.torchDtype(ModelConfig.json(dir)));
    }

    synchronized void release(String key) {
        unhold(key);
        evictBeyondBudget();
    }

    private void unhold(String key) {
        Entry e = loaded.get(key);
        if (e != null && e.users > 0) {
            e.users--;
            e.lastUsed = ++clock;
        }
    }

    /** How many models are loaded (tests, diagnostics). */
    public synchronized int size() {
        return loaded.size();
    }

    private void evictBeyondBudget() {
        if (budget <= 0) {
            return;
        }
        while (held() > budget) {
            Map.Entry<String, Entry> victim = loaded.entrySet().stream()
                    .filter(x -> x.getValue().users == 0)
                    .min((a, b) -> Long.compare(a.getValue().lastUsed, b.getValue().lastUsed))
                    .orElse(null);
            if (victim == null) {
                return; // everything left is in use
            }
            log.accept("model cache: closing " + victim.getValue().model.directory() + " ("
                    + MemoryBudget.format(victim.getValue().model.memoryBytes()) + ", least recently used) to stay within "
                    + MemoryBudget.format(budget));
            loaded.remove(victim.getKey());
            victim.getValue().model.close();
        }
    }

    private long held() {
        return loaded.values().stream().mapToLong(e -> Math.max(0, e.model.memoryBytes())).sum();
    }

    /** A private copy, not shared and not cached: trainers change its weights. */
    @Override
    public LanguageModel open(Path modelDir, String device, ModelDtype dtype) {
        return load(canonical(modelDir), device, dtype, ProgressSink.NONE);
    }

    @Override
    public ModelConfig config(Path modelDir) {
        Path dir = canonical(modelDir);
        if (NeuronDelta.isDelta(dir)) {
            dir = canonical(NeuronDelta.read(dir).baseDir(dir));
        }
        return backend(dir).config(dir);
    }

    @Override
    public io.multilens.api.model.CheckpointLayout layout(io.multilens.api.model.ModelShape shape) {
        return backends.get().stream()
                .filter(b -> b.architectures().contains(shape.architecture()))
                .findFirst()
                .orElseThrow(() -> new StepFailure("architecture " + shape.architecture() + " is not supported; installed"
                        + " backends: " + supported() + " (install a backend bundle for it)"))
                .layout(shape);
    }

    private LanguageModel load(Path dir, String device, ModelDtype dtype, ProgressSink progress) {
        if (NeuronDelta.isDelta(dir)) {
            return loadDelta(dir, device, dtype, progress);
        }
        return backend(dir).load(dir, new LoadOptions(device, dtype, MemoryBudget.system(), progress));
    }

    /** The installed backend for the checkpoint's architecture, or a failure naming the installed ones. */
    private ModelBackend backend(Path dir) {
        String architecture = ModelConfig.architecture(dir);
        return backends.get().stream()
                .filter(b -> b.architectures().contains(architecture))
                .findFirst()
                .orElseThrow(() -> new StepFailure(dir.resolve(ModelConfig.FILE) + ": architecture " + architecture
                        + " is not supported; installed backends: " + supported() + " (install a backend bundle for it)"));
    }

    /** A base checkpoint with a fine-tuning delta applied: a model of its own, never the shared base. */
    private LanguageModel loadDelta(Path dir, String device, ModelDtype dtype, ProgressSink progress) {
        NeuronDelta delta = NeuronDelta.read(dir);
        Path base = canonical(delta.baseDir(dir));
        if (NeuronDelta.isDelta(base)) {
            throw new StepFailure(dir.resolve(NeuronDelta.FILE) + ": its base " + base + " is itself a delta; merge them into a full checkpoint first");
        }
        LanguageModel model = load(base, device, dtype, progress);
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
        List<Entry> all = new ArrayList<>(loaded.values());
        loaded.clear();
        all.forEach(e -> e.model.close());
    }
}
