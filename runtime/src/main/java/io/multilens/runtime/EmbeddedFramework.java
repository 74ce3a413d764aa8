package io.multilens.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import io.multilens.launch.Engine;
import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Apache Felix embedded in the launcher: a fresh bundle cache per process, the bundles of the
 * chosen features' {@code bundle/<feature>/} folders, and DJL exported by the system bundle.
 */
final class EmbeddedFramework implements AutoCloseable {

    static final String FILEINSTALL = "org.apache.felix.fileinstall";

    private final Felix felix;
    private final Path storage;
    /** Held for the framework's life: see {@link OneLineLog#install}. */
    private java.util.logging.Logger fileInstallLog;
    private final PrintStream err;

    /**
     * @param watchDir       the folder FileInstall watches, or null to leave FileInstall stopped
     * @param userProperties framework properties from {@code conf/framework.properties}
     */
    EmbeddedFramework(List<Path> bundleDirs, Path watchDir, Map<String, String> userProperties, PrintStream err)
            throws IOException, BundleException {
        this.err = err;
        StaleStorage.removeLeftovers(Path.of(System.getProperty("java.io.tmpdir")));
        this.storage = Files.createTempDirectory(StaleStorage.PREFIX);
        Map<String, Object> config = new HashMap<>();
        config.put("felix.log.level", "1");
        config.put("felix.log.logger", new FelixSlf4jLog());
        if (watchDir != null) {
            config.putAll(watchProperties(watchDir));
            config.put("felix.fileinstall.log.level", "2");
            // through java.util.logging, so that a broken jar is one line once, not a stack trace per scan
            config.put("felix.fileinstall.log.default", "jul");
            fileInstallLog = OneLineLog.install(OneLineLog.slf4j());
        }
        // the distribution's conf/framework.properties may tune any of these
        userProperties.forEach((k, v) -> config.put(k, v));
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        String extra = userProperties.getOrDefault(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "");
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SystemPackages.launcherExports() + (extra.isBlank() ? "" : "," + extra));
        felix = new Felix(config);
        felix.init();
        // after init: storage.clean=onFirstInit empties the folder there, owner file included
        StaleStorage.mark(storage);
        felix.start();
        List<Bundle> installed = new ArrayList<>();
        BundleContext ctx = felix.getBundleContext();
        java.util.Set<String> seen = new java.util.HashSet<>();
        try {
            for (Path dir : bundleDirs) {
                boolean feature = dir.getParent() != null && dir.getParent().getFileName() != null
                        && dir.getParent().getFileName().toString().equals("bundle");
                for (Path jar : jars(dir)) {
                    // features share bundles (the API, Jackson): each of their files is installed once;
                    // a --bundles folder's jars are always installed
                    if (!feature || seen.add(jar.getFileName().toString())) {
                        installed.add(ctx.installBundle(jar.toUri().toString()));
                    }
                }
            }
        } catch (BundleException | IOException | RuntimeException e) {
            felix.stop();
            try {
                felix.waitForStop(10_000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            if (FILEINSTALL.equals(b.getSymbolicName()) && watchDir == null) {
                continue;
            }
            try {
                b.start();
            } catch (BundleException e) {
                err.println("warning: bundle " + b.getSymbolicName() + " did not start: " + e.getMessage());
            }
        }
    }

    /**
     * FileInstall's settings for a watched folder: the plugin jars and workflow files directly in
     * it, polled every second. Subfolders are skipped: FileInstall would otherwise take a folder
     * holding a matching file (the results folder out/, with its copies of workflows) for an
     * exploded bundle and warn that it is none.
     */
    static Map<String, String> watchProperties(Path watchDir) {
        return Map.of("felix.fileinstall.dir", watchDir.toAbsolutePath().toString(),
                "felix.fileinstall.poll", "1000",
                "felix.fileinstall.noInitialDelay", "true",
                "felix.fileinstall.filter", ".*\\.(jar|yaml|yml)",
                "felix.fileinstall.subdir.mode", "skip");
    }

    /** {@code conf/framework.properties} of the distribution, empty when there is none. */
    static Map<String, String> userProperties(Path home) throws IOException {
        Path file = home.resolve("conf/framework.properties");
        Map<String, String> out = new HashMap<>();
        if (Files.isRegularFile(file)) {
            java.util.Properties p = new java.util.Properties();
            try (var in = Files.newBufferedReader(file)) {
                p.load(in);
            }
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        }
        return out;
    }

    private static List<Path> jars(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": bundle folder not found");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** Felix's cache folder for this process. */
    Path storage() {
        return storage;
    }

    BundleContext context() {
        return felix.getBundleContext();
    }

    /** The workflow engine (the workflow bundle's EngineComponent), or null when none came up in time. */
    Engine engine(long timeoutMillis) throws InterruptedException {
        ServiceTracker<Engine, Engine> tracker = new ServiceTracker<>(context(), Engine.class, null);
        tracker.open();
        return tracker.waitForService(timeoutMillis);
    }

    /** Blocks until the framework stops. */
    void waitForStop() throws InterruptedException {
        felix.waitForStop(0);
    }

    private boolean closed;

    /** Stops the framework and removes its cache; a second call (Ctrl-C's hook, then the launcher) does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            felix.stop();
            felix.waitForStop(10_000);
        } catch (BundleException | InterruptedException e) {
            err.println("warning: framework did not stop cleanly: " + e.getMessage());
        }
        try {
            org.apache.commons.io.file.PathUtils.deleteDirectory(storage);
        } catch (IOException e) {
            // a temporary cache; the OS cleans it if we cannot
        }
    }
}
