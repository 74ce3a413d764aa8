package io.multilens.runtime;

import io.multilens.launch.ClusterRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** Parses {@code multilens COMMAND ...} with Apache Commons CLI; usage errors are one line. */
final class CliParser {

    static final String USAGE = """
            usage: multilens run FILE [--set k=v]... [--out DIR] [--force]
                   multilens validate FILE [--set k=v]...
                   multilens plugins [--describe NAME]
                   multilens watch [DIR]
                   multilens report OUT_DIR
                   multilens doctor [--model DIR [--dtype float32|float16|bfloat16|auto] [--device cpu|cuda:N]]
                   multilens run FILE --cluster MASTER [--shards N] [--executor-cores N] [--executor-memory SIZE]
                                 [--executor-gpus N] [--executor-wait SECONDS]
                   multilens cluster master [--host H] [--port P] | cluster worker spark://HOST:PORT [--cores N] [--gpus N]
            Common: --features a,b (instead of conf/features), --bundles DIR (extra bundle folder, repeatable),
            --torch-home DIR (a local PyTorch,
            e.g. a pip-installed CUDA build; or MULTILENS_TORCH_HOME), --quiet, --verbose, --help, --version""";

    /** A command line that cannot be run; the message is the one line to print. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("set").hasArg().argName("k=v")
                .desc("override a workflow parameter (repeatable); lists as [a,b]").get());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
                .desc("results folder (default ./multilens-out/<workflow name>)").get());
        o.addOption(Option.builder().longOpt("force").desc("re-run steps whose results are up to date").get());
        o.addOption(Option.builder().longOpt("cluster").hasArg().argName("MASTER")
                .desc("run shardable steps (plnd) as Spark tasks: spark://host:port, local[N] or local-cluster[W,C,MB]").get());
        o.addOption(Option.builder().longOpt("shards").hasArg().argName("N")
                .desc("shards per shardable step with --cluster (default 8)").get());
        o.addOption(Option.builder().longOpt("executor-cores").hasArg().argName("N")
                .desc("with --cluster: cores per executor; it runs one shard at a time on all of them").get());
        o.addOption(Option.builder().longOpt("executor-memory").hasArg().argName("SIZE")
                .desc("with --cluster: heap per executor, e.g. 8g (Spark's default: 1g)").get());
        o.addOption(Option.builder().longOpt("executor-gpus").hasArg().argName("N")
                .desc("with --cluster: GPUs per executor; each task runs on the GPU Spark assigns it (device: cuda:N)").get());
        o.addOption(Option.builder().longOpt("executor-wait").hasArg().argName("SECONDS")
                .desc("with --cluster spark://...: how long a step waits for its first executor before failing"
                        + " (no worker, or none with the cores and memory asked for; default "
                        + ClusterRequest.DEFAULT_EXECUTOR_WAIT_SECONDS + ")").get());
        o.addOption(Option.builder().longOpt("describe").hasArg().argName("NAME").desc("a plugin's options").get());
        o.addOption(Option.builder().longOpt("model").hasArg().argName("DIR")
                .desc("doctor: load this checkpoint and check it against itself").get());
        o.addOption(Option.builder().longOpt("dtype").hasArg().argName("TYPE")
                .desc("doctor --model: float32, float16, bfloat16 or auto (default float32)").get());
        o.addOption(Option.builder().longOpt("device").hasArg().argName("DEV").desc("doctor --model: cpu or cuda:N (default cpu)").get());
        o.addOption(Option.builder().longOpt("bundles").hasArg().argName("DIR").desc("extra folder of bundles to install").get());
        o.addOption(Option.builder().longOpt("torch-home").hasArg().argName("DIR")
                .desc("run the engine on a local PyTorch (the torch folder of a pip install, or libtorch)").get());
        o.addOption(Option.builder("h").longOpt("help").desc("this help").get());
        o.addOption(Option.builder().longOpt("version").desc("multilens's version and the engine it was built for").get());
        o.addOption(Option.builder("q").longOpt("quiet").desc("print only the steps' start, end and failures and the summary"
                + " (everything still goes to OUT/logs/run.log)").get());
        o.addOption(Option.builder("v").longOpt("verbose").desc("also print a failure's full stack trace").get());
        o.addOption(Option.builder().longOpt("features").hasArg().argName("a,b")
                .desc("features to install (folders of bundle/), instead of conf/features; e.g. core").get());
        return o;
    }

    static String help() {
        StringBuilder s = new StringBuilder(USAGE).append("\n");
        java.io.StringWriter w = new java.io.StringWriter();
        new HelpFormatter().printOptions(new java.io.PrintWriter(w), 100, options(), 2, 2);
        return s.append(w).toString();
    }

    static Invocation parse(String[] args) throws UsageException {
        if (args.length > 0 && args[0].equals("cluster")) {
            // Spark's own options follow (--host, --port, --cores, --memory): passed on as they are
            if (args.length < 2 || !List.of("master", "worker").contains(args[1]) || (args[1].equals("worker") && args.length < 3)) {
                throw new UsageException("usage: multilens cluster master [--host H] [--port P] | multilens cluster worker"
                        + " spark://HOST:PORT [--cores N] [--memory M] [--gpus N]");
            }
            return new Invocation("cluster", null, List.of(java.util.Arrays.copyOfRange(args, 1, args.length)), null, false,
                    null, List.of());
        }
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(options(), args);
        } catch (ParseException e) {
            throw new UsageException(e.getMessage() + " (multilens --help)");
        }
        if (cl.hasOption("quiet") && cl.hasOption("verbose")) {
            throw new UsageException("--quiet and --verbose contradict each other; give one (multilens --help)");
        }
        Invocation inv = command(cl);
        inv = cl.hasOption("quiet") ? inv.withVerbosity("quiet") : cl.hasOption("verbose") ? inv.withVerbosity("verbose") : inv;
        if (cl.hasOption("features")) {
            inv = inv.withFeatures(java.util.Arrays.stream(cl.getOptionValue("features").split(","))
                    .map(String::trim).filter(f -> !f.isEmpty()).toList());
        }
        if (java.util.stream.Stream.of("shards", "executor-gpus", "executor-cores", "executor-memory", "executor-wait").anyMatch(cl::hasOption)
                && !cl.hasOption("cluster")) {
            throw new UsageException("--shards and --executor-* need --cluster MASTER (multilens --help)");
        }
        if (cl.hasOption("cluster")) {
            if (!inv.command().equals("run")) {
                throw new UsageException("--cluster applies to multilens run");
            }
            int shards = wholeNumber(cl, "shards", 0, 1, "expected a positive whole number");
            int gpus = wholeNumber(cl, "executor-gpus", 0, 0, "expected a whole number >= 0");
            int cores = wholeNumber(cl, "executor-cores", 0, 1, "expected a positive whole number");
            String memory = cl.getOptionValue("executor-memory");
            if (memory != null && !memory.matches("\\d+[kmgt]?")) {
                throw new UsageException("--executor-memory " + memory + ": expected a size such as 4g or 512m");
            }
            int wait = wholeNumber(cl, "executor-wait", ClusterRequest.DEFAULT_EXECUTOR_WAIT_SECONDS, 1,
                    "expected seconds, a positive whole number");
            inv = inv.withCluster(new ClusterRequest(cl.getOptionValue("cluster"), shards, gpus, cores, memory, wait));
        }
        return cl.hasOption("torch-home") ? inv.withTorchHome(Path.of(cl.getOptionValue("torch-home"))) : inv;
    }

    /** A whole-number option at least {@code min} when given, else {@code absent}; otherwise one line naming it. */
    private static int wholeNumber(CommandLine cl, String name, int absent, int min, String expected) throws UsageException {
        if (!cl.hasOption(name)) {
            return absent;
        }
        try {
            int value = Integer.parseInt(cl.getOptionValue(name));
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below, as a value out of range is
        }
        throw new UsageException("--" + name + " " + cl.getOptionValue(name) + ": " + expected);
    }

    private static Invocation command(CommandLine cl) throws UsageException {
        List<String> rest = cl.getArgList();
        if (cl.hasOption("version")) {
            return new Invocation("version", null, List.of(), null, false, null, List.of());
        }
        if (cl.hasOption("help") || rest.isEmpty()) {
            return new Invocation("help", null, List.of(), null, false, null, List.of());
        }
        String command = rest.get(0);
        List<Path> bundleDirs = new ArrayList<>();
        for (String d : cl.getOptionValues("bundles") == null ? new String[0] : cl.getOptionValues("bundles")) {
            bundleDirs.add(Path.of(d));
        }
        List<String> sets = cl.getOptionValues("set") == null ? List.of() : List.of(cl.getOptionValues("set"));
        Path out = cl.hasOption("out") ? Path.of(cl.getOptionValue("out")) : null;
        for (String doctorOnly : new String[] {"model", "dtype", "device"}) {
            if (cl.hasOption(doctorOnly) && !command.equals("doctor")) {
                throw new UsageException("--" + doctorOnly + " goes with multilens doctor --model DIR; in a workflow it is"
                        + " an option of the step (or --set " + doctorOnly + "=...)");
            }
        }
        switch (command) {
            case "run", "validate" -> {
                if (rest.size() != 2) {
                    throw new UsageException("multilens " + command + " takes one workflow file, e.g. multilens "
                            + command + " workflows/quickstart.yaml");
                }
                return new Invocation(command, Path.of(rest.get(1)), sets, out, cl.hasOption("force"), null, bundleDirs);
            }
            case "plugins" -> {
                return new Invocation(command, null, List.of(), null, false, cl.getOptionValue("describe"), bundleDirs);
            }
            case "watch" -> {
                if (rest.size() > 2) {
                    throw new UsageException("multilens watch takes at most one folder");
                }
                Path dir = rest.size() == 2 ? Path.of(rest.get(1)) : null;
                return new Invocation(command, dir, List.of(), null, false, null, bundleDirs);
            }
            case "doctor" -> {
                if (rest.size() > 1) {
                    throw new UsageException("multilens doctor takes no folder of its own; give a checkpoint with --model DIR");
                }
                if (!cl.hasOption("model") && (cl.hasOption("dtype") || cl.hasOption("device"))) {
                    throw new UsageException("--dtype and --device go with multilens doctor --model DIR");
                }
                List<String> checks = new java.util.ArrayList<>();
                if (cl.hasOption("dtype")) {
                    checks.add("dtype=" + cl.getOptionValue("dtype"));
                }
                if (cl.hasOption("device")) {
                    checks.add("device=" + cl.getOptionValue("device"));
                }
                Path model = cl.hasOption("model") ? Path.of(cl.getOptionValue("model")) : null;
                return new Invocation(command, model, checks, null, false, null, bundleDirs);
            }
            case "report" -> {
                if (rest.size() != 2) {
                    throw new UsageException("multilens report takes one results folder, e.g. multilens report multilens-out/quickstart");
                }
                return new Invocation(command, Path.of(rest.get(1)), List.of(), null, false, null, bundleDirs);
            }
            default -> throw new UsageException("unknown command '" + command + "'; commands: run, validate, plugins, watch, report, doctor, cluster"
                    + " (multilens --help)");
        }
    }

    /** "multilens 0.1.0-SNAPSHOT (Java 17.0.x)", from the version the build wrote into the launcher. */
    static String version() {
        java.util.Properties p = new java.util.Properties();
        try (java.io.InputStream in = CliParser.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (java.io.IOException e) {
            // no version file: an IDE build
        }
        return "multilens " + p.getProperty("version", "unknown") + " (Java " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")";
    }

    private CliParser() {
    }
}
