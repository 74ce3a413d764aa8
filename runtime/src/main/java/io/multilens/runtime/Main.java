package io.multilens.runtime;

import io.multilens.launch.Engine;
import io.multilens.launch.EngineCommand;
import io.multilens.launch.EngineRequest;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code multilens} command: parses the command line, boots the embedded framework with the
 * distribution's bundles and hands the command to the workflow engine inside it. Exit codes: 0
 * success, 1 a step failed, 2 invalid input.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Invocation inv;
        try {
            inv = CliParser.parse(args);
        } catch (CliParser.UsageException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (inv.command().equals("version")) {
            out.println(CliParser.version());
            return 0;
        }
        if (inv.command().equals("help")) {
            out.println(CliParser.help());
            return 0;
        }
        Path torchHome = inv.torchHome() != null ? inv.torchHome()
                : System.getenv(TorchHome.ENV) == null || System.getenv(TorchHome.ENV).isBlank() ? null
                : Path.of(System.getenv(TorchHome.ENV));
        if (torchHome != null) {
            try {
                TorchHome.check(torchHome, TorchHome.platform(), Main.class.getClassLoader()).apply();
            } catch (TorchHome.Invalid e) {
                err.println(e.getMessage());
                return 2;
            }
        }
        if (inv.command().equals("doctor")) {
            int engine = Doctor.run(out, err);
            if (engine != 0 || inv.target() == null) {
                return engine;
            }
        }
        Path home = home();
        if (inv.command().equals("cluster")) {
            return ClusterCommand.run(home, inv.sets(), err);
        }
        if (inv.cluster() != null) {
            java.util.Optional<String> problem = ClusterCommand.unreachable(inv.cluster().master());
            if (problem.isPresent()) {
                err.println(problem.get());
                return 2;
            }
        }
        Features.Choice features;
        try {
            features = Features.choose(home, inv.features());
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            err.println(home.resolve("bundle") + ": cannot read the distribution's features (" + e.getMessage() + ")");
            return 2;
        }
        // the workflow engine names the missing feature when a workflow uses a plugin it lacks
        System.setProperty("multilens.features.installed", String.join(",", features.installed()));
        System.setProperty("multilens.features.available", String.join(",", features.available()));
        List<Path> bundleDirs = new ArrayList<>(features.folders(home));
        bundleDirs.addAll(inv.bundleDirs());
        try {
            if (inv.command().equals("watch")) {
                return watch(inv, home, bundleDirs, out, err);
            }
            try (EmbeddedFramework fw = new EmbeddedFramework(bundleDirs, null, EmbeddedFramework.userProperties(home), err)) {
                Engine engine = fw.engine(30_000);
                if (engine == null) {
                    err.println("the workflow engine did not start (is " + home.resolve("bundle") + " complete?)");
                    return 2;
                }
                return inv.command().equals("doctor") ? ModelDoctor.run(engine, inv, out, err) : call(engine, inv, out, err, fw);
            }
        } catch (Exception e) {
            err.println("multilens: " + e.getMessage());
            return 2;
        }
    }

    /** Runs the command; Ctrl-C asks the running step to stop and waits for it to clean up. */
    private static int call(Engine engine, Invocation inv, PrintStream out, PrintStream err,
                            EmbeddedFramework fw) {
        AtomicBoolean cancel = new AtomicBoolean();
        EngineRequest request = request(inv).withStreams(out, err).withCancel(cancel);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cancel.set(true);
            err.println("stopping: the running step is being interrupted; finished steps are kept");
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // the JVM halts once the hooks return, before the main thread's close: remove the cache here
            fw.close();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return engine.execute(request);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    /** The engine request of a {@code run}, {@code validate}, {@code plugins} or {@code report} command line. */
    private static EngineRequest request(Invocation inv) {
        EngineRequest request = switch (EngineCommand.of(inv.command())) {
            case RUN -> EngineRequest.run(inv.target(), inv.out(), inv.sets(), inv.force());
            case VALIDATE -> EngineRequest.validate(inv.target(), inv.sets());
            case PLUGINS -> EngineRequest.plugins(inv.describe());
            case REPORT -> EngineRequest.report(inv.target());
        };
        return request.withVerbosity(inv.verbosity()).withCluster(inv.cluster());
    }

    private static int watch(Invocation inv, Path home, List<Path> bundleDirs, PrintStream out, PrintStream err) throws Exception {
        Path dir = inv.target() != null ? inv.target() : home.resolve("deploy");
        if (!Files.isDirectory(dir)) {
            err.println(dir + ": no such folder to watch; create it or name another");
            return 2;
        }
        // the watched folder's workflows run inside the framework: they read the verbosity from here
        System.setProperty("multilens.verbosity", inv.verbosity());
        EmbeddedFramework fw = new EmbeddedFramework(bundleDirs, dir, EmbeddedFramework.userProperties(home), err);
        Runtime.getRuntime().addShutdownHook(new Thread(fw::close));
        out.println("watching " + dir.toAbsolutePath() + ": *.jar are installed as plugins, *.yaml workflows are run"
                + " (results in " + dir.toAbsolutePath().resolve("out") + "); Ctrl-C stops");
        fw.waitForStop();
        return 0;
    }

    /** The distribution folder: {@code -Dmultilens.home}, else the parent of the launcher jar's folder. */
    static Path home() {
        String prop = System.getProperty("multilens.home");
        if (prop != null) {
            return Path.of(prop);
        }
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent();
        } catch (URISyntaxException e) {
            return Path.of(".");
        }
    }
}
