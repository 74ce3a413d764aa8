package io.multilens.launch;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request to the workflow engine: built by the launcher ({@code multilens run|validate|plugins|report},
 * {@code doctor}), by a cluster executor's kernel and by {@code multilens watch}, read by the engine.
 * Start from {@link #run}, {@link #validate}, {@link #plugins} or {@link #report} and add the rest
 * with the {@code with} methods.
 *
 * @param command   what to do
 * @param file      the workflow (run, validate) or results folder (report); null for plugins
 * @param sets      {@code name=value} parameter overrides, as {@code --set}
 * @param out       the results folder of a run, or null for the workflow's default
 * @param force     re-run steps that are up to date
 * @param verbosity {@code quiet}, {@code normal} or {@code verbose}
 * @param describe  the plugin whose options {@code plugins} prints, or null for the list
 * @param cluster   where a run is spread, or null to run on this host
 * @param stdout    where results and progress go
 * @param stderr    where errors and warnings go
 * @param cancel    set to ask the running step to stop (Ctrl-C)
 */
public record EngineRequest(EngineCommand command, Path file, List<String> sets, Path out, boolean force,
                            String verbosity, String describe, ClusterRequest cluster,
                            PrintStream stdout, PrintStream stderr, AtomicBoolean cancel) {

    public EngineRequest {
        Objects.requireNonNull(command, "command");
        sets = List.copyOf(sets);
        verbosity = verbosity == null ? "normal" : verbosity;
        stdout = stdout == null ? System.out : stdout;
        stderr = stderr == null ? System.err : stderr;
        cancel = cancel == null ? new AtomicBoolean() : cancel;
    }

    /** Runs {@code workflow} into {@code out} (null: the workflow's default folder). */
    public static EngineRequest run(Path workflow, Path out, List<String> sets, boolean force) {
        return new EngineRequest(EngineCommand.RUN, workflow, sets, out, force, null, null, null, null, null, null);
    }

    /** Checks {@code workflow} without running it. */
    public static EngineRequest validate(Path workflow, List<String> sets) {
        return new EngineRequest(EngineCommand.VALIDATE, workflow, sets, null, false, null, null, null, null, null, null);
    }

    /** Lists the plugins, or describes one ({@code describe} non-null). */
    public static EngineRequest plugins(String describe) {
        return new EngineRequest(EngineCommand.PLUGINS, null, List.of(), null, false, null, describe, null, null, null, null);
    }

    /** Rebuilds the report of the results folder {@code results}. */
    public static EngineRequest report(Path results) {
        return new EngineRequest(EngineCommand.REPORT, results, List.of(), null, false, null, null, null, null, null, null);
    }

    /** The same request, printing to {@code stdout} and {@code stderr}. */
    public EngineRequest withStreams(PrintStream stdout, PrintStream stderr) {
        return new EngineRequest(command, file, sets, out, force, verbosity, describe, cluster, stdout, stderr, cancel);
    }

    /** The same request at {@code verbosity} (null: normal). */
    public EngineRequest withVerbosity(String verbosity) {
        return new EngineRequest(command, file, sets, out, force, verbosity, describe, cluster, stdout, stderr, cancel);
    }

    /** The same request, stopped when {@code cancel} is set. */
    public EngineRequest withCancel(AtomicBoolean cancel) {
        return new EngineRequest(command, file, sets, out, force, verbosity, describe, cluster, stdout, stderr, cancel);
    }

    /** The same request spread over {@code cluster} (null: this host). */
    public EngineRequest withCluster(ClusterRequest cluster) {
        return new EngineRequest(command, file, sets, out, force, verbosity, describe, cluster, stdout, stderr, cancel);
    }
}
