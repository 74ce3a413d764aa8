package io.multilens.workflow.run;

import io.multilens.api.model.ModelProvider;
import io.multilens.api.plugin.Options;
import io.multilens.api.status.Progress;
import io.multilens.api.plugin.StepContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The {@link StepContext} of one step in one run. */
final class RunContext implements StepContext {

    private final String stepId;
    private final Options options;
    private final Map<String, Path> inputs;
    private final Path outputDir;
    private final Path stateDir;
    private final ModelProvider models;
    private final Consumer<String> log;
    private final BooleanSupplier cancelled;

    RunContext(String stepId, Options options, Map<String, Path> inputs, Path outputDir, Path stateDir,
               ModelProvider models, Consumer<String> log, BooleanSupplier cancelled) {
        this.stepId = stepId;
        this.options = options;
        this.inputs = inputs;
        this.outputDir = outputDir;
        this.stateDir = stateDir;
        this.models = models;
        this.log = log;
        this.cancelled = cancelled;
    }

    @Override
    public String stepId() {
        return stepId;
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
        try {
            return java.nio.file.Files.createDirectories(stateDir);
        } catch (java.io.IOException e) {
            throw new io.multilens.api.status.StepFailure(stateDir + ": cannot create the step's state folder (" + e.getMessage() + ")");
        }
    }

    @Override
    public ModelProvider models() {
        return models;
    }

    @Override
    public Progress progress(String task, long total) {
        return new ConsoleProgress(stepId + " " + task, total, log);
    }

    @Override
    public Consumer<String> log() {
        return log;
    }

    @Override
    public boolean cancelled() {
        return cancelled.getAsBoolean();
    }
}
