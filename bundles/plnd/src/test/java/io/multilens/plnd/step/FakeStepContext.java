package io.multilens.plnd.step;

import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.ModelProvider;
import io.multilens.api.plugin.Options;
import io.multilens.api.plugin.Progress;
import io.multilens.api.plugin.StepContext;
import io.multilens.plnd.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The runtime as a step sees it, minimal: options, folders, fixture models, recorded progress and log. */
final class FakeStepContext implements StepContext, AutoCloseable {

    final Path base;
    final Path out;
    final Options options;
    final List<String> log = new ArrayList<>();
    /** Units advanced per task name. */
    final Map<String, Long> progress = new HashMap<>();
    final Map<String, Long> totals = new HashMap<>();
    private final Map<Path, LanguageModel> models = new HashMap<>();

    FakeStepContext(Path base, Path out, Options options) {
        this.base = base;
        this.out = out;
        this.options = options;
    }

    @Override
    public String stepId() {
        return "detect";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public Optional<Path> input(String name) {
        return Optional.empty();
    }

    @Override
    public Path outputDir() {
        return out;
    }

    @Override
    public Path stateDir() {
        return base.resolve("state");
    }

    @Override
    public Path resolve(String path) {
        return base.resolve(path);
    }

    @Override
    public ModelProvider models() {
        return (dir, device) -> models.computeIfAbsent(dir.toAbsolutePath().normalize(), Fixtures::load);
    }

    @Override
    public Progress progress(String task, long total) {
        totals.put(task, total);
        return new Progress() {
            @Override
            public void advance(long n) {
                progress.merge(task, n, Long::sum);
            }

            @Override
            public void status(String text) {
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public Consumer<String> log() {
        return log::add;
    }

    @Override
    public boolean cancelled() {
        return false;
    }

    @Override
    public void close() {
        models.values().forEach(LanguageModel::close);
    }
}
