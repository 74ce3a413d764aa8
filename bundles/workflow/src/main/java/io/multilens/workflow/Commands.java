package io.multilens.workflow;

import io.multilens.api.model.ModelProvider;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PortSpec;
import io.multilens.api.plugin.Step;
import io.multilens.workflow.run.RunReport;
import io.multilens.workflow.run.WorkflowRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The {@code multilens} commands as the engine runs them: run, validate, plugins. Exit codes:
 * 0 success, 1 a step failed, 2 invalid input (file, YAML, option, --set).
 */
public final class Commands {

    public static final int OK = 0;
    public static final int STEP_FAILED = 1;
    public static final int INVALID = 2;

    private final PluginCatalog catalog;
    private final ModelProvider models;
    private final PrintStream out;
    private final PrintStream err;
    private final io.multilens.workflow.run.Verbosity verbosity;

    public Commands(PluginCatalog catalog, ModelProvider models, PrintStream out, PrintStream err) {
        this(catalog, models, out, err, io.multilens.workflow.run.Verbosity.NORMAL);
    }

    public Commands(PluginCatalog catalog, ModelProvider models, PrintStream out, PrintStream err,
                    io.multilens.workflow.run.Verbosity verbosity) {
        this.catalog = catalog;
        this.models = models;
        this.out = out;
        this.err = err;
        this.verbosity = verbosity;
    }

    /** Parses and validates; prints every error. Empty when the workflow is invalid. */
    public Optional<Plan> plan(Path file, List<String> sets) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                err.println("--set " + set + ": expected name=value, e.g. --set languages=[en,zh]");
                return Optional.empty();
            }
            overrides.put(set.substring(0, eq).trim(), set.substring(eq + 1));
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            err.println(file + ": no such workflow file");
            return Optional.empty();
        } catch (MalformedInputException e) {
            err.println(file + ": not UTF-8 text; save the workflow as UTF-8");
            return Optional.empty();
        } catch (IOException e) {
            err.println(file + ": cannot read (" + e.getMessage() + ")");
            return Optional.empty();
        }
        WorkflowParser.Result parsed = new WorkflowParser().parse(file, text);
        if (!parsed.ok()) {
            parsed.errors().forEach(err::println);
            return Optional.empty();
        }
        WorkflowValidator.Result validated = new WorkflowValidator(catalog).validate(parsed.workflow(), overrides);
        if (!validated.ok()) {
            validated.errors().forEach(err::println);
            return Optional.empty();
        }
        return Optional.of(validated.plan());
    }

    public int validate(Path file, List<String> sets) {
        Optional<Plan> plan = plan(file, sets);
        plan.ifPresent(p -> out.println(file + ": valid, " + p.steps().size() + " steps: "
                + String.join(" -> ", p.steps().stream().map(PlannedStep::id).toList())));
        return plan.isPresent() ? OK : INVALID;
    }

    /** Runs a workflow; {@code outDir} null means {@code ./multilens-out/<workflow name>}. */
    public int run(Path file, List<String> sets, Path outDir, boolean force, BooleanSupplier cancelled) {
        return run(file, sets, outDir, force, cancelled, null);
    }

    /** {@code cluster}: where shardable steps run ({@code --cluster}); null: here. */
    public int run(Path file, List<String> sets, Path outDir, boolean force, BooleanSupplier cancelled,
                   io.multilens.workflow.cluster.ClusterSettings cluster) {
        Optional<Plan> plan = plan(file, sets);
        if (plan.isEmpty()) {
            return INVALID;
        }
        Path dir = outDir != null ? outDir : Path.of("multilens-out", plan.get().workflow().name());
        out.println("workflow '" + plan.get().workflow().name() + "': " + plan.get().steps().size() + " steps, results in "
                + dir.toAbsolutePath().normalize());
        try {
            RunReport report = new WorkflowRunner(models, out::println, cancelled, verbosity).onCluster(cluster)
                    .run(plan.get(), dir, force);
            out.println();
            out.print(report.table());
            out.println("results: " + dir.toAbsolutePath().normalize());
            reportPage(report).ifPresent(p -> out.println("report:  " + p));
            return report.failed() ? STEP_FAILED : OK;
        } catch (io.multilens.api.status.StepFailure e) {
            err.println(e.getMessage());
            return INVALID;
        } catch (IOException e) {
            err.println(dir + ": cannot write results (" + reason(e) + "); choose an --out folder you can write to");
            return INVALID;
        }
    }

    /** Why a file operation failed, in words: Java's file exceptions often carry only the path. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f) {
            String what = f.getFile() == null ? "" : f.getFile() + ": ";
            if (f.getReason() != null) {
                return what + f.getReason();
            }
            if (f instanceof java.nio.file.NoSuchFileException) {
                return what + "no such file or folder, and none can be created there";
            }
            if (f instanceof java.nio.file.AccessDeniedException) {
                return what + "permission denied";
            }
            if (f instanceof java.nio.file.FileAlreadyExistsException) {
                return what + "a file of that name already exists";
            }
            if (f instanceof java.nio.file.NotDirectoryException) {
                return what + "not a folder";
            }
            return what + f.getClass().getSimpleName();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Builds the HTML report of an existing results folder: a one-step workflow of the
     * {@code report} plugin whose results folder is that folder, so the page lands in
     * {@code OUT/report/} with a manifest like any step's.
     */
    public int report(Path runDir, BooleanSupplier cancelled) {
        if (!Files.isDirectory(runDir)) {
            err.println(runDir + ": no such results folder; give the OUT folder of a 'multilens run'");
            return INVALID;
        }
        if (catalog.find("report").isEmpty()) {
            err.println("no plugin 'report' is installed (the analysis feature's multilens-report bundle)");
            return INVALID;
        }
        // never written: it makes OUT the workflow's folder and names the place in messages
        Path pseudo = runDir.toAbsolutePath().normalize().resolve("report.yaml");
        WorkflowParser.Result parsed = new WorkflowParser().parse(pseudo, "name: report\nsteps:\n  - id: report\n    uses: report\n");
        WorkflowValidator.Result validated = new WorkflowValidator(catalog).validate(parsed.workflow(), Map.of());
        if (!validated.ok()) {
            validated.errors().forEach(err::println);
            return INVALID;
        }
        try {
            RunReport r = new WorkflowRunner(models, out::println, cancelled, verbosity).run(validated.plan(), runDir, true);
            out.print(r.table());
            reportPage(r).ifPresent(p -> out.println("report:  " + p));
            return r.failed() ? STEP_FAILED : OK;
        } catch (io.multilens.api.status.StepFailure e) {
            err.println(e.getMessage());
            return INVALID;
        } catch (IOException e) {
            err.println(runDir + ": cannot write the report (" + e.getMessage() + ")");
            return INVALID;
        }
    }

    /** The report page a run produced, if one of its steps wrote one. */
    private static Optional<Path> reportPage(RunReport report) {
        return report.steps().stream()
                .filter(s -> s.outputDir() != null)
                .map(s -> s.outputDir().resolve("report.html"))
                .filter(Files::isRegularFile)
                .map(p -> p.toAbsolutePath().normalize())
                .reduce((a, b) -> b);
    }

    public int plugins(String describe) {
        if (describe != null) {
            Optional<Step> step = catalog.find(describe);
            if (step.isEmpty()) {
                err.println("no plugin '" + describe + "'"
                        + (Closest.to(describe, catalog.names()).isEmpty() ? "" : "; did you mean "
                        + String.join(" or ", Closest.to(describe, catalog.names())) + "?")
                        + " ('multilens plugins' lists them)");
                return INVALID;
            }
            describe(step.get().info(), catalog.origin(describe));
            return OK;
        }
        out.printf("%-20s %-10s %-9s %-28s %s%n", "plugin", "kind", "version", "bundle", "description");
        catalog.names().stream().sorted().forEach(name -> catalog.find(name).ifPresent(s -> {
            PluginInfo i = s.info();
            out.printf("%-20s %-10s %-9s %-28s %s%n", i.name(), i.kind().name().toLowerCase(), i.version(),
                    catalog.origin(name), i.description());
        }));
        out.println();
        out.printf("%-30s %s%n", "model architecture", "backend bundle");
        if (catalog.backends().isEmpty()) {
            out.println("(none: no model backend bundle is installed)");
        }
        catalog.backends().forEach((arch, origin) -> out.printf("%-30s %s%n", arch, origin));
        return OK;
    }

    private void describe(PluginInfo info, String origin) {
        out.println(info.name() + " " + info.version() + " (" + info.kind().name().toLowerCase() + ", from " + origin + ")");
        out.println("  " + info.description());
        out.println("options:");
        for (OptionSpec o : info.options()) {
            out.println("  " + o.summary());
            if (!o.description().isEmpty()) {
                out.println("      " + o.description());
            }
        }
        if (!info.inputs().isEmpty()) {
            out.println("inputs:");
            for (PortSpec p : info.inputs()) {
                out.println("  " + p.name() + (p.required() ? " (required)" : "") + ": " + p.description());
            }
        }
        if (!info.outputs().isEmpty()) {
            out.println("outputs:");
            for (PortSpec p : info.outputs()) {
                out.println("  " + p.name() + " -> " + p.file() + ": " + p.description());
            }
        }
    }
}
