package io.multilens.testkit;

import io.multilens.api.model.ModelProvider;
import io.multilens.api.plugin.Options;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.status.Progress;
import io.multilens.api.plugin.StepContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link StepContext} for running one plugin in a unit test: options get the plugin's
 * defaults, log lines are kept for assertions, models come from the given provider.
 */
public final class TestStepContext implements StepContext {

    private final Options options;
    private final Map<String, Path> inputs = new HashMap<>();
    private final Path outputDir;
    private final ModelProvider models;
    private final List<String> lines = new ArrayList<>();
    private final Map<String, Long> advanced = new HashMap<>();
    private java.util.function.BooleanSupplier cancelled = () -> false;

    public TestStepContext(PluginInfo info, Map<String, ?> options, Path outputDir, Path folder, ModelProvider models) {
        this.options = Options.of(info, options, folder);
        this.outputDir = outputDir;
        this.models = models;
    }

    public TestStepContext input(String name, Path file) {
        inputs.put(name, file);
        return this;
    }

    /** Makes {@link #cancelled()} answer as {@code when} says, e.g. after some progress. */
    public TestStepContext cancelWhen(java.util.function.BooleanSupplier when) {
        this.cancelled = when;
        return this;
    }

    /** Units each progress task advanced, by task name. */
    public Map<String, Long> advanced() {
        return advanced;
    }

    /** Everything the step logged, progress lines included. */
    public List<String> lines() {
        return lines;
    }

    @Override
    public String stepId() {
        return "test";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public Optional<Path> input(String name) {
        return Optional.ofNullable(inputs.get(name));
    }

    @Override
    public Path outputDir() {
        return outputDir;
    }

    @Override
    public Path stateDir() {
        Path state = outputDir.resolveSibling(outputDir.getFileName() + ".state");
        try {
            return java.nio.file.Files.createDirectories(state);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public ModelProvider models() {
        return models;
    }

    @Override
    public Progress progress(String task, long total) {
        return new Progress() {
            private long done;

            @Override
            public void advance(long n) {
                done += n;
                advanced.merge(task, n, Long::sum);
            }

            @Override
            public void status(String text) {
                lines.add(task + ": " + text);
            }

            @Override
            public void close() {
                lines.add(task + ": " + done + "/" + total + " done");
            }
        };
    }

    @Override
    public Consumer<String> log() {
        return lines::add;
    }

    @Override
    public boolean cancelled() {
        return cancelled.getAsBoolean();
    }
}
