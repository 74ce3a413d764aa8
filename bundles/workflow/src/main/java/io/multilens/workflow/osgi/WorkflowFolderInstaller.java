package io.multilens.workflow.osgi;

import java.io.File;
import io.multilens.launch.Engine;
import io.multilens.launch.EngineRequest;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Lets FileInstall hand over workflow files dropped into a watched folder: each new or changed
 * {@code *.yaml} is validated and run, its results under {@code <folder>/out/<file name>/}.
 * Runs happen one at a time on a thread of their own so FileInstall keeps scanning; finished
 * steps are skipped, so re-running a workflow after a restart only does what is left.
 */
@Component(service = ArtifactInstaller.class)
public final class WorkflowFolderInstaller implements ArtifactInstaller {

    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "multilens-watch");
        t.setDaemon(true);
        return t;
    });

    @Reference
    private volatile Engine engine;

    private volatile BundleContext context;
    /** Set at shutdown: a workflow still queued then is not started. */
    private volatile boolean stopping;

    /** How long a start-up waits for the bundles to settle before running the folder's workflows anyway. */
    private static final long SETTLE_NANOS = 60_000_000_000L;
    /** The plugins registered have not changed for this long: the framework has settled. */
    private static final long QUIET_NANOS = 1_000_000_000L;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    /**
     * Lets a running workflow be stopped by the engine (which cancels it and waits) rather than
     * interrupted here: an interrupt closes the file channels it is writing through.
     */
    @Deactivate
    void deactivate() {
        stopping = true;
        runner.shutdown();
    }

    /**
     * FileInstall hands over the workflows already in the folder as soon as it starts, before every
     * plugin bundle has registered its steps ("unknown plugin 'plnd'" on every start): wait until
     * each installed bundle is active and the registered steps have not changed for a second (at
     * most a minute; a bundle that cannot start then shows in the workflow's own error).
     */
    private void awaitSettled() throws InterruptedException {
        long start = System.nanoTime();
        int steps = -1;
        long quietSince = start;
        while (System.nanoTime() - start < SETTLE_NANOS && !stopping) {
            int now;
            try {
                now = context.getServiceReferences(io.multilens.api.plugin.Step.class, null).size();
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                return;
            }
            if (now != steps) {
                steps = now;
                quietSince = System.nanoTime();
            }
            boolean active = java.util.Arrays.stream(context.getBundles()).allMatch(b -> b.getState() == Bundle.ACTIVE
                    || b.getHeaders().get(org.osgi.framework.Constants.FRAGMENT_HOST) != null);
            if (active && System.nanoTime() - quietSince >= QUIET_NANOS) {
                return;
            }
            Thread.sleep(100);
        }
    }

    /** The results folder's name: the file name without .yaml, refused when it could name no folder of its own. */
    static java.util.Optional<String> base(File artifact) {
        String base = artifact.getName().replaceFirst("\\.ya?ml$", "");
        return !base.isEmpty() && Character.isLetterOrDigit(base.codePointAt(0))
                ? java.util.Optional.of(base) : java.util.Optional.empty();
    }

    @Override
    public boolean canHandle(File artifact) {
        String name = artifact.getName();
        return artifact.isFile() && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    @Override
    public void install(File artifact) {
        submit(artifact);
    }

    @Override
    public void update(File artifact) {
        submit(artifact);
    }

    @Override
    public void uninstall(File artifact) {
        System.out.println("workflow removed: " + artifact);
    }

    private void submit(File artifact) {
        runner.submit(() -> {
            try {
                awaitSettled();
            } catch (InterruptedException e) {
                return;
            }
            if (stopping) {
                return;
            }
            java.util.Optional<String> named = base(artifact);
            if (named.isEmpty()) {
                System.out.println("workflow " + artifact + ": not run; its name (without .yaml) names its results folder"
                        + " out/NAME and must start with a letter or digit: rename the file");
                return;
            }
            String base = named.get();
            EngineRequest request = EngineRequest.run(artifact.toPath(), artifact.toPath().resolveSibling("out").resolve(base),
                    List.of(), false).withVerbosity(System.getProperty("multilens.verbosity"));   // multilens watch --quiet/--verbose
            System.out.println("workflow " + artifact + ": running");
            try {
                int code = engine.execute(request);
                System.out.println("workflow " + artifact + ": exit code " + code);
            } catch (RuntimeException e) {
                // an executor would swallow it: the user would see nothing at all
                System.out.println("workflow " + artifact + ": failed (" + e.getMessage() + ")");
            }
        });
    }
}
