package io.multilens.workflow.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.data.Sha256;
import io.multilens.api.model.ModelProvider;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.Options;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.PortSpec;
import io.multilens.api.status.Progress;
import io.multilens.api.status.StepFailure;
import io.multilens.workflow.InputRef;
import io.multilens.workflow.Plan;
import io.multilens.workflow.PlannedStep;
import io.multilens.workflow.run.StepOutcome.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs a plan's steps in order. Each step writes into a temporary folder that replaces
 * {@code OUT/<step-id>/} only when the step succeeded, together with a {@code manifest.json}
 * (plugin, version, options, input hashes). A later run skips a step whose manifest still
 * matches, so an interrupted run resumes where it stopped.
 */
public final class WorkflowRunner {

    public static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final ModelProvider models;
    private final Consumer<String> console;
    private final BooleanSupplier cancelled;
    private final Verbosity verbosity;
    /** The run's log file while a run is in progress. */
    private RunLog runLog;
    /** Prints to the console and into the run's log. */
    private final Consumer<String> log = this::say;
    /** Set by {@code --cluster}: shardable steps run as Spark tasks. */
    private io.multilens.workflow.cluster.ClusterSettings cluster;

    /** Runs shardable steps ({@link io.multilens.api.plugin.Shardable}) on a Spark cluster. */
    public WorkflowRunner onCluster(io.multilens.workflow.cluster.ClusterSettings settings) {
        this.cluster = settings;
        return this;
    }

    public WorkflowRunner(ModelProvider models, Consumer<String> log, BooleanSupplier cancelled) {
        this(models, log, cancelled, Verbosity.NORMAL);
    }

    public WorkflowRunner(ModelProvider models, Consumer<String> log, BooleanSupplier cancelled, Verbosity verbosity) {
        this.models = models;
        this.console = log;
        this.cancelled = cancelled;
        this.verbosity = verbosity;
    }

    private void say(String line) {
        console.accept(line);
        if (runLog != null) {
            runLog.line(line);
        }
    }

    /** Progress and the plugins' own lines: in the run log always, on the console unless quiet. */
    private void detail(String line) {
        if (verbosity != Verbosity.QUIET) {
            console.accept(line);
        }
        if (runLog != null) {
            runLog.line(line);
        }
    }

    public RunReport run(Plan plan, Path outDir, boolean force) throws IOException {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new StepFailure("--out " + outDir + " is a file; name a folder for the results");
        }
        OutputGuard.checkNoOverlap(plan, outDir);
        Files.createDirectories(outDir);
        try (OutLock lock = OutLock.acquire(outDir); RunLog opened = RunLog.open(outDir)) {
            runLog = opened;   // closed after the field is cleared (finally runs after the resources close, and line() is a no-op then)
            runLog.line("=== workflow '" + plan.workflow().name() + "' (" + plan.workflow().folder() + "), results in " + outDir
                    + ", java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores");
            return runLocked(plan, outDir, force);
        } finally {
            runLog = null;
        }
    }

    private RunReport runLocked(Plan plan, Path outDir, boolean force) throws IOException {
        removeLeftovers(outDir);
        List<StepOutcome> outcomes = new ArrayList<>();
        boolean failed = false;
        for (PlannedStep step : plan.steps()) {
            String plugin = step.plugin().info().name();
            if (failed || cancelled.getAsBoolean()) {
                outcomes.add(new StepOutcome(step.id(), plugin, Status.NOT_RUN, 0, "not run: an earlier step failed or the run was stopped", null));
                continue;
            }
            StepOutcome outcome = runStep(plan, step, outDir, force);
            outcomes.add(outcome);
            failed = outcome.status() == Status.FAILED;
        }
        return new RunReport(plan.workflow().name(), outDir, outcomes);
    }

    private StepOutcome runStep(Plan plan, PlannedStep step, Path outDir, boolean force) throws IOException {
        PluginInfo info = step.plugin().info();
        Path finalDir = outDir.resolve(step.id());
        Map<String, Path> inputs;
        Map<String, Object> optionValues;
        ObjectNode fingerprint;
        try {
            NoLinks.require(outDir, finalDir);
            OutputGuard.checkOwned(finalDir);
            List<Path> referenced = new ArrayList<>();
            inputs = inputPaths(step, outDir, referenced);
            optionValues = resolvedOptions(step, outDir, referenced);
            fingerprint = fingerprint(plan, step, optionValues, inputs, referenced);
        } catch (StepFailure e) {
            log.accept("[" + step.id() + "] FAILED: " + e.getMessage());
            return new StepOutcome(step.id(), info.name(), Status.FAILED, 0, e.getMessage(), null);
        }
        // a report reads the whole run folder, which its fingerprint does not cover: always rebuild it
        boolean alwaysRuns = info.kind() == PluginKind.REPORT;
        if (!force && !alwaysRuns && upToDate(finalDir, fingerprint, step.id())) {
            log.accept("[" + step.id() + "] up to date (" + finalDir + "); --force re-runs it");
            return new StepOutcome(step.id(), info.name(), Status.UP_TO_DATE, 0, "", finalDir);
        }
        Path tmp = Files.createTempDirectory(outDir, "." + step.id() + ".tmp-");
        long start = System.nanoTime();
        log.accept("[" + step.id() + "] " + info.name() + " " + info.version() + " ...");
        runLog.line("[" + step.id() + "] options " + JSON.writer().without(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(optionValues) + ", inputs " + inputs);
        try {
            Options options = Options.of(info, optionValues, plan.workflow().folder());
            Path state = outDir.resolve("." + step.id() + ".state");
            try (StepModels stepModels = new StepModels(models, (task, total) ->
                    new ConsoleProgress(step.id() + " " + task, total, this::detail))) {
                RunContext ctx = new RunContext(step.id(), options, inputs, tmp, state,
                        stepModels, this::detail, cancelled);
                if (cluster != null && step.plugin() instanceof io.multilens.api.plugin.Shardable shardable) {
                    new io.multilens.workflow.cluster.ShardedRun(cluster, log, cancelled, force)
                            .run(step.id(), info, shardable, ctx, outDir);
                } else {
                    if (cluster != null) {
                        log.accept("[" + step.id() + "] " + info.name() + " is not shardable: it runs here, on the driver's host");
                    }
                    step.plugin().run(ctx);
                }
            }
            if (cancelled.getAsBoolean()) {
                throw new StepFailure("stopped by the user; run again to resume");
            }
            for (PortSpec out : info.outputs()) {
                if (out.required() && !Files.exists(tmp.resolve(out.file()))) {
                    throw new StepFailure("plugin '" + info.name() + "' did not write its output '" + out.name() + "' (" + out.file() + ")");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            writeManifest(tmp, fingerprint, step, seconds);
            replace(tmp, finalDir);
            deleteTree(outDir.resolve("." + step.id() + ".state"));
            log.accept(String.format("[%s] done in %.1f s", step.id(), seconds));
            return new StepOutcome(step.id(), info.name(), Status.RAN, seconds, "", finalDir);
        } catch (StepFailure e) {
            trace(step.id(), e);
            return failure(step, info, tmp, start, e.getMessage());
        } catch (Exception | Error e) {
            trace(step.id(), e);
            String msg = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""));
            return failure(step, info, tmp, start, "internal error in plugin '" + info.name() + "': " + msg
                    + " (stack trace in " + runLog.file() + ")");
        }
    }

    /** A failure's stack trace: into the run log, and on the console too when verbose. */
    private void trace(String stepId, Throwable e) {
        runLog.failure(stepId, e);
        if (verbosity == Verbosity.VERBOSE) {
            java.io.StringWriter w = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(w));
            console.accept(w.toString().stripTrailing());
        }
    }

    private StepOutcome failure(PlannedStep step, PluginInfo info, Path tmp, long start, String message) throws IOException {
        deleteTree(tmp);
        log.accept("[" + step.id() + "] FAILED: " + message);
        return new StepOutcome(step.id(), info.name(), Status.FAILED, (System.nanoTime() - start) / 1e9, message, null);
    }

    /**
     * The step's options with every whole-value step reference replaced by that output's absolute
     * path; the paths are also added to {@code referenced}, to be hashed into the fingerprint.
     */
    private static Map<String, Object> resolvedOptions(PlannedStep step, Path outDir, List<Path> referenced) {
        Map<String, Object> options = new LinkedHashMap<>();
        step.options().forEach((name, value) -> options.put(name, resolve(value, outDir, referenced)));
        return options;
    }

    private static Object resolve(Object value, Path outDir, List<Path> referenced) {
        if (value instanceof List<?> list) {
            return list.stream().map(v -> resolve(v, outDir, referenced)).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, outDir, referenced)));
            return out;
        }
        if (value instanceof InputRef.StepOutput so) {
            Path path = outputFile(outDir, so);
            referenced.add(path);   // the whole output: what lies below it is part of it
            return path.toAbsolutePath() + so.below();
        }
        return value;
    }

    /** Each input's path; an input inside another step's output ({@code below}) puts that whole output in {@code referenced}. */
    private static Map<String, Path> inputPaths(PlannedStep step, Path outDir, List<Path> referenced) {
        Map<String, Path> inputs = new LinkedHashMap<>();
        step.inputs().forEach((name, ref) -> {
            if (ref instanceof InputRef.StepOutput so) {
                // the producing step's manifest says which file holds the output
                Path output = outputFile(outDir, so);
                if (!so.below().isEmpty()) {
                    referenced.add(output);   // the path below may be a pattern ({lang}): the output is what it reads
                }
                inputs.put(name, Path.of(output + so.below()));
            } else if (ref instanceof InputRef.File f) {
                inputs.put(name, f.path());
            }
        });
        return inputs;
    }

    private static Path outputFile(Path outDir, InputRef.StepOutput so) {
        Path dir = outDir.resolve(so.stepId());
        Path manifest = dir.resolve(MANIFEST);
        try {
            JsonNode outputs = JSON.readTree(manifest.toFile()).path("outputs");
            if (outputs.has(so.output())) {
                return dir.resolve(outputs.get(so.output()).asText());
            }
        } catch (IOException e) {
            // fall through: the step has not produced it
        }
        throw new StepFailure(dir + ": step '" + so.stepId() + "' has not produced '" + so.output() + "'; run the workflow from the start");
    }

    private ObjectNode fingerprint(Plan plan, PlannedStep step, Map<String, Object> optionValues, Map<String, Path> inputs,
                                   List<Path> referenced) throws IOException {
        PluginInfo info = step.plugin().info();
        Options options = Options.of(info, optionValues);
        ObjectNode f = JSON.createObjectNode();
        f.put("plugin", info.name());
        f.put("version", info.version());
        // the effective options, defaults included: a changed default makes an earlier result stale
        f.set("options", JSON.valueToTree(new TreeMap<>(options.asMap())));
        ObjectNode in = f.putObject("inputs");
        for (Map.Entry<String, Path> e : inputs.entrySet()) {
            ObjectNode i = in.putObject(e.getKey());
            i.put("path", e.getValue().toString());
            i.put("hash", Fingerprints.of(e.getValue()));
        }
        ObjectNode files = f.putObject("files");
        for (Path p : referenced) {
            files.put(p.toString(), Fingerprints.of(p));
        }
        for (OptionSpec spec : info.options()) {
            if (spec.type() == OptionType.PATH && options.has(spec.name())) {
                for (Path p : expand(plan, options, options.string(spec.name()))) {
                    files.put(p.toString(), Fingerprints.of(p));
                }
            }
        }
        return f;
    }

    /** A path option; {@code {lang}} patterns expand over the step's {@code languages}. */
    private static List<Path> expand(Plan plan, Options options, String value) {
        Path folder = plan.workflow().folder();
        if (value.contains("{lang}") && options.has("languages")) {
            return options.strings("languages").stream().map(l -> folder.resolve(value.replace("{lang}", l)).normalize()).toList();
        }
        return List.of(folder.resolve(value).normalize());
    }

    /** The manifest matches, and every output is still there with the content the step wrote. */
    private boolean upToDate(Path dir, ObjectNode fingerprint, String stepId) {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return false;
        }
        try {
            JsonNode m = JSON.readTree(manifest.toFile());
            if (!digest(fingerprint).equals(m.path("fingerprint_sha256").asText())) {
                return false;
            }
            var hashes = m.path("output_hashes").fields();
            while (hashes.hasNext()) {
                var h = hashes.next();
                Path file = dir.resolve(m.path("outputs").path(h.getKey()).asText(h.getKey()));
                if (!Fingerprints.of(file).equals(h.getValue().asText())) {
                    log.accept("[" + stepId + "] output '" + h.getKey() + "' (" + file + ") is missing or changed since"
                            + " the step wrote it: running the step again");
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Compared as canonical text: JSON trees read back from disk differ in number node types. */
    private static String digest(ObjectNode fingerprint) throws IOException {
        return Sha256.hex(JSON.writeValueAsBytes(fingerprint));
    }

    private static void writeManifest(Path dir, ObjectNode fingerprint, PlannedStep step, double seconds) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", "multilens.step/1");
        m.put("step", step.id());
        m.set("fingerprint", fingerprint);
        m.put("fingerprint_sha256", digest(fingerprint));
        ObjectNode outputs = m.putObject("outputs");
        step.plugin().info().outputs().forEach(o -> outputs.put(o.name(), o.file()));
        // so that resuming notices an output deleted or edited since
        ObjectNode hashes = m.putObject("output_hashes");
        for (PortSpec o : step.plugin().info().outputs()) {
            if (Files.exists(dir.resolve(o.file()))) {
                hashes.put(o.name(), Fingerprints.of(dir.resolve(o.file())));
            }
        }
        m.put("finished", Instant.now().toString());
        m.put("seconds", seconds);
        Files.writeString(dir.resolve(MANIFEST), JSON.writeValueAsString(m));
    }

    /** Moves the finished folder into place; the old result, if any, is removed only afterwards. */
    private static void replace(Path tmp, Path finalDir) throws IOException {
        io.multilens.api.data.Folders.replace(tmp, finalDir);
    }

    /** Temporary and replaced step folders of a killed run (ours by name: {@code .<step>.tmp-*}, {@code .<step>.old-*}). */
    private void removeLeftovers(Path outDir) throws IOException {
        try (Stream<Path> entries = Files.list(outDir)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) && name.startsWith(".") && (name.contains(".tmp-") || name.contains(".old-"))) {
                    log.accept("removing " + p + ", left by an interrupted run");
                    deleteTree(p);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        io.multilens.api.data.Folders.deleteTree(dir);
    }
}
