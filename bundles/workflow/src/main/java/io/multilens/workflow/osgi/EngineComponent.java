package io.multilens.workflow.osgi;

import io.multilens.api.model.ModelBackend;
import io.multilens.api.plugin.Step;
import io.multilens.launch.ClusterRequest;
import io.multilens.launch.Engine;
import io.multilens.launch.EngineRequest;
import io.multilens.workflow.Commands;
import io.multilens.workflow.ModelCache;
import io.multilens.workflow.PluginCatalog;
import io.multilens.workflow.PluginRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The workflow engine inside the framework. It tracks the installed {@link Step} plugins and
 * {@link ModelBackend}s as they come and go, and serves the launcher's commands.
 *
 * <p>The launcher lives outside the framework: it finds this component as an {@link Engine}
 * service, whose package the system bundle exports from the launcher's class path, so the
 * launcher's {@link EngineRequest} is the class this bundle reads.
 */
@Component(service = Engine.class, immediate = true)
public final class EngineComponent implements Engine, PluginCatalog {

    private final PluginRegistry steps = new PluginRegistry(line -> System.err.println("multilens: " + line));
    private final List<ModelBackend> backends = new CopyOnWriteArrayList<>();
    private final Map<ModelBackend, String> backendOrigins = new ConcurrentHashMap<>();
    private ModelCache models;

    private org.osgi.framework.BundleContext bundleContext;

    @Activate
    void activate(org.osgi.framework.BundleContext context) {
        bundleContext = context;
        models = new ModelCache(() -> backends);
    }

    /** The request's cluster settings, or null when the run stays on this host. */
    private io.multilens.workflow.cluster.ClusterSettings cluster(ClusterRequest request) {
        if (request == null) {
            return null;
        }
        String home = System.getProperty("multilens.home");
        if (home == null) {
            throw new IllegalArgumentException("--cluster needs the multilens distribution (bin/multilens sets multilens.home)");
        }
        // every installed plugin bundle, the dropped ones included, is shipped to the executors
        List<Path> jars = new java.util.ArrayList<>();
        for (org.osgi.framework.Bundle b : bundleContext.getBundles()) {
            String location = b.getLocation();
            if (b.getBundleId() != 0 && location.startsWith("file:") && location.endsWith(".jar")) {
                jars.add(Path.of(java.net.URI.create(location)));
            }
        }
        return new io.multilens.workflow.cluster.ClusterSettings(request.master(), request.shards() > 0 ? request.shards() : 8,
                Path.of(home), jars, MAX_TASK_FAILURES, request.executorGpus(), request.executorCores(), request.executorMemory(),
                request.executorWaitSeconds());
    }

    /** Spark task attempts before a shard fails the run. */
    private static final int MAX_TASK_FAILURES = 4;

    /** Cancel flags of the runs in progress: shutting down stops them before models are released. */
    private final Set<AtomicBoolean> running = ConcurrentHashMap.newKeySet();

    /**
     * Stops the engine the safe way round: the running steps are asked to stop and waited for
     * (a step in a native call cannot be interrupted), and only then are the models closed —
     * closing a model under a running step crashes the JVM inside PyTorch.
     */
    @Deactivate
    void deactivate() {
        stopRunsAndWait();
        models.close();
    }

    /** Set while stopping: runs that arrive then are refused, so none starts on a model about to close. */
    private volatile boolean stopping;

    private void stopRunsAndWait() {
        stopping = true;
        running.forEach(flag -> flag.set(true));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
        synchronized (running) {
            while (!running.isEmpty() && System.nanoTime() < deadline) {
                try {
                    running.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** How long shutting down waits for a running step to notice it was asked to stop. */
    static final long STOP_WAIT_SECONDS = 120;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addStep(Step step, ServiceReference<Step> ref) {
        Object ranking = ref.getProperty("service.ranking");
        steps.add(step, ref.getBundle().getSymbolicName(), ref.getBundle().getVersion().toString(),
                ranking instanceof Integer r ? r : 0);
    }

    void removeStep(Step step) {
        steps.remove(step);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addBackend(ModelBackend backend, ServiceReference<ModelBackend> ref) {
        backendOrigins.put(backend, ref.getBundle().getSymbolicName() + " " + ref.getBundle().getVersion());
        backends.add(backend);
    }

    void removeBackend(ModelBackend backend) {
        backends.remove(backend);
        backendOrigins.remove(backend);
        if (models != null) {
            // models loaded by a backend that is going away must not outlive its classes; runs
            // using them are stopped first
            stopRunsAndWait();
            models.close();
            stopping = false;
        }
    }

    @Override
    public Optional<Step> find(String name) {
        return steps.find(name);
    }

    @Override
    public Collection<String> names() {
        return steps.names();
    }

    @Override
    public String origin(String name) {
        return steps.origin(name);
    }

    /** The launcher records the features it installed and those the distribution has (system properties). */
    @Override
    public String featureHint() {
        String installed = System.getProperty("multilens.features.installed", "");
        String available = System.getProperty("multilens.features.available", "");
        List<String> missing = java.util.Arrays.stream(available.split(",")).filter(f -> !f.isBlank()
                && !java.util.Arrays.asList(installed.split(",")).contains(f)).toList();
        if (missing.isEmpty()) {
            return "";
        }
        return "; installed features: " + installed + ", not installed: " + String.join(", ", missing)
                + " (add them to conf/features or run with --features " + installed + "," + String.join(",", missing) + ")";
    }

    @Override
    public Map<String, String> backends() {
        Map<String, String> out = new java.util.TreeMap<>();
        for (ModelBackend b : backends) {
            b.architectures().forEach(a -> out.putIfAbsent(a, backendOrigins.getOrDefault(b, "")));
        }
        return out;
    }

    @Override
    public int execute(EngineRequest request) {
        PrintStream err = request.stderr();
        AtomicBoolean cancel = request.cancel();
        running.add(cancel);   // before the check, so a shutdown that starts now waits for (and cancels) this run
        if (stopping) {
            synchronized (running) {
                running.remove(cancel);
                running.notifyAll();
            }
            err.println("multilens is stopping: '" + request.command() + "' was not started");
            return Commands.INVALID;
        }
        try {
            return dispatch(request);
        } finally {
            synchronized (running) {
                running.remove(cancel);
                running.notifyAll();
            }
        }
    }

    private int dispatch(EngineRequest request) {
        PrintStream err = request.stderr();
        Commands commands = new Commands(this, models, request.stdout(), err,
                io.multilens.workflow.run.Verbosity.of(request.verbosity()));
        return switch (request.command()) {
            case RUN -> {
                io.multilens.workflow.cluster.ClusterSettings cluster;
                try {
                    cluster = cluster(request.cluster());
                } catch (IllegalArgumentException e) {
                    err.println(e.getMessage());
                    yield Commands.INVALID;
                }
                yield commands.run(request.file(), request.sets(), request.out(), request.force(), request.cancel()::get, cluster);
            }
            case VALIDATE -> commands.validate(request.file(), request.sets());
            case PLUGINS -> commands.plugins(request.describe());
            case REPORT -> commands.report(request.file(), request.cancel()::get);
        };
    }
}
