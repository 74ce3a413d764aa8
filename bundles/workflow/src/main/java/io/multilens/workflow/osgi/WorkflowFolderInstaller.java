package io.multilens.workflow.osgi;

import java.io.File;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.apache.felix.fileinstall.ArtifactInstaller;
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

    @Reference(target = "(multilens.command=cli)")
    private volatile Function<Map<String, Object>, Integer> engine;

    /**
     * Lets a running workflow be stopped by the engine (which cancels it and waits) rather than
     * interrupted here: an interrupt closes the file channels it is writing through.
     */
    @Deactivate
    void deactivate() {
        runner.shutdown();
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
            String base = artifact.getName().replaceFirst("\\.ya?ml$", "");
            Map<String, Object> request = new HashMap<>();
            request.put("command", "run");
            request.put("file", artifact.getPath());
            request.put("out", new File(new File(artifact.getParentFile(), "out"), base).getPath());
            request.put("verbosity", System.getProperty("multilens.verbosity"));   // multilens watch --quiet/--verbose
            System.out.println("workflow " + artifact + ": running");
            try {
                int code = engine.apply(request);
                System.out.println("workflow " + artifact + ": exit code " + code);
            } catch (RuntimeException e) {
                // an executor would swallow it: the user would see nothing at all
                System.out.println("workflow " + artifact + ": failed (" + e.getMessage() + ")");
            }
        });
    }
}
