package io.multilens.api.plugin;

import io.multilens.api.model.ModelProvider;
import io.multilens.api.status.Progress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/** What a running step sees: its options, its inputs, where to write, and shared services. */
@ProviderType
public interface StepContext {

    /** The step's id in the workflow. */
    String stepId();

    /** The validated options, defaults filled in, {@code path} options absolute. */
    Options options();

    /** The file behind a named input, if the workflow gave one. */
    Optional<Path> input(String name);

    /** A temporary folder for this step's outputs; moved into place when the step succeeds. */
    Path outputDir();

    /**
     * A folder that survives a failed or interrupted attempt of this step, for state that lets
     * the next attempt resume (checkpoints, optimiser moments); removed once the step succeeds.
     */
    Path stateDir();

    /** Models loaded once per process and shared by every step that names the same folder. */
    ModelProvider models();

    /** Starts a progress counter for {@code total} units ({@code total <= 0}: unknown). */
    Progress progress(String task, long total);

    /** A line for the user's console. */
    Consumer<String> log();

    /** True once the user asked the run to stop; long loops check it and throw. */
    boolean cancelled();
}
