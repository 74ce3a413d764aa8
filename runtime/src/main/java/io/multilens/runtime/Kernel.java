package io.multilens.runtime;

import io.multilens.launch.Engine;
import io.multilens.launch.EngineRequest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A multilens kernel for a process that is not the launcher — a Spark executor: the embedded
 * framework with the given bundle folders and its workflow engine, to run workflow files. Public so
 * that the cluster module can start one; close it to stop the framework.
 */
public final class Kernel implements AutoCloseable {

    private final EmbeddedFramework framework;
    private final Engine engine;

    private Kernel(EmbeddedFramework framework, Engine engine) {
        this.framework = framework;
        this.engine = engine;
    }

    /** {@code home}: the distribution, whose {@code conf/framework.properties} the framework gets, as the launcher's does. */
    public static Kernel start(List<Path> bundleDirs, Path home, PrintStream err) throws Exception {
        EmbeddedFramework fw = new EmbeddedFramework(bundleDirs, null, EmbeddedFramework.userProperties(home), err);
        Engine engine = fw.engine(60_000);
        if (engine == null) {
            fw.close();
            throw new IllegalStateException("the workflow engine did not start from " + bundleDirs);
        }
        return new Kernel(fw, engine);
    }

    /**
     * Runs a workflow file into {@code out} with {@code sets} ({@code name=value} parameter
     * overrides, as {@code --set}), re-running up-to-date steps when {@code force}; the engine's exit
     * code (0: every step done or up to date).
     */
    public int run(Path workflow, Path out, List<String> sets, boolean force, PrintStream stdout, PrintStream stderr) {
        return engine.execute(EngineRequest.run(workflow, out, sets, force).withStreams(stdout, stderr));
    }

    @Override
    public void close() {
        framework.close();
    }
}
