package io.multilens.workflow.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.multilens.api.plugin.Options;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.Shardable;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.status.StepFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One shardable step on a Spark cluster: each shard becomes a one-step workflow under
 * {@code OUT/.shards/<step>/<i>/}, a driver JVM (the distribution's {@code spark/} folder) runs
 * them as Spark tasks on executors that each host a multilens kernel, and the step's own
 * {@link Shardable#merge} writes its outputs from the shards'. A shard's workflow resumes like any
 * other, so a re-run (or a retried task) skips shards already done.
 */
public final class ShardedRun {

    /** The step id inside each shard's workflow; its outputs are {@code <shard>/part/}. */
    static final String PART = "part";
    /** The option every model-loading plugin has for where to run. */
    static final String DEVICE = "device";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ClusterSettings cluster;
    private final Consumer<String> log;
    private final java.util.function.BooleanSupplier cancelled;
    private final boolean force;

    public ShardedRun(ClusterSettings cluster, Consumer<String> log, java.util.function.BooleanSupplier cancelled, boolean force) {
        this.cluster = cluster;
        this.log = log;
        this.cancelled = cancelled;
        this.force = force;
    }

    public void run(String stepId, PluginInfo info, Shardable step, StepContext context, Path outDir) throws Exception {
        Options options = context.options();
        List<Map<String, Object>> shards = step.shards(context, cluster.shards());
        // executors run in folders of their own: every path they are given is absolute
        Path root = Files.createDirectories(outDir.toAbsolutePath().normalize().resolve(".shards").resolve(stepId));
        Map<String, Object> base = withInputFiles(info, options, context);
        List<Map<String, Object>> jobs = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            Map<String, Object> with = new LinkedHashMap<>(base);
            with.putAll(shards.get(i));
            Path dir = Files.createDirectories(root.resolve(Integer.toString(i)));
            Map<String, Object> workflow = new LinkedHashMap<>();
            workflow.put("name", stepId + "-shard-" + i);
            if (with.containsKey(DEVICE)) {
                // a parameter, so that the executor can put the task on the GPU Spark assigned it (--set device=cuda:N)
                workflow.put("params", Map.of(DEVICE, with.get(DEVICE)));
                with.put(DEVICE, "${params." + DEVICE + "}");
            }
            workflow.put("steps", List.of(Map.of("id", PART, "uses", info.name(), "with", with)));
            Path file = dir.resolve("shard.yaml");
            YAML.writeValue(file.toFile(), workflow);
            jobs.add(Map.of("index", i, "workflow", file.toString(), "out", dir.toString(),
                    "describe", describe(shards.get(i))));
            outputs.add(dir.resolve(PART));
        }
        Path job = root.resolve("job.json");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", stepId);
        spec.put("master", cluster.master());
        spec.put("home", cluster.home().toString());
        spec.put("bundles", cluster.bundles().stream().map(Path::toString).toList());
        spec.put("max_failures", cluster.maxFailures());
        spec.put("executor_gpus", cluster.executorGpus());
        spec.put("executor_cores", cluster.executorCores());
        spec.put("executor_memory", cluster.executorMemory());
        spec.put("executor_wait_seconds", cluster.executorWaitSeconds());
        spec.put("executor_java_options", executorJavaOptions());
        spec.put("force", force);
        spec.put("shards", jobs);
        JSON.writeValue(job.toFile(), spec);
        log.accept("[" + stepId + "] " + shards.size() + " shards on " + cluster.master());
        drive(stepId, job, root);
        step.merge(context, outputs);
        io.multilens.api.data.Folders.deleteTree(root);
    }

    /** Starts the Spark driver JVM and relays its lines; fails the step with its last error. */
    private void drive(String stepId, Path job, Path root) throws IOException, InterruptedException {
        Path home = cluster.home();
        Path spark = home.resolve("spark");
        if (!Files.isDirectory(spark.resolve("jars"))) {
            throw new StepFailure("--cluster: " + spark.resolve("jars") + " not found; run from a multilens distribution"
                    + " (runtime/target/multilens) whose spark/ folder holds the Spark jars");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + spark.resolve("driver-jvm.args"));   // Spark's --add-opens list for Java 17
        command.add("-cp");
        String classPath = spark.resolve("jars") + "/*" + java.io.File.pathSeparator + spark.resolve("multilens-cluster.jar");
        if (cluster.master().startsWith("local[")) {
            // local mode runs the tasks in the driver's JVM: the kernel's classes (DJL, Felix, the runtime) are needed there
            classPath += java.io.File.pathSeparator + home.resolve("lib") + "/*";
        }
        command.add(classPath);
        command.add("io.multilens.cluster.Driver");
        command.add(job.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SPARK_HOME", spark.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        // local-cluster's workers keep executor logs here (kept when the step fails), not in the distribution
        pb.environment().put("SPARK_WORKER_DIR", root.resolve("spark-work").toString());
        Process driver = pb.start();
        // Ctrl-C: the driver stops its Spark job (its shutdown hook stops the executors' tasks)
        Thread watcher = new Thread(() -> {
            while (driver.isAlive()) {
                if (cancelled.getAsBoolean()) {
                    driver.destroy();
                    return;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "multilens-cluster-cancel");
        watcher.setDaemon(true);
        watcher.start();
        Deque<String> last = new ArrayDeque<>();
        String error = null;
        boolean starved = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("cluster: ")) {
                    log.accept("[" + stepId + "] " + line);
                }
                if (!starved && line.contains("Initial job has not accepted any resources")) {
                    starved = true;   // Spark repeats it every 15 s; once is enough
                    log.accept("[" + stepId + "] cluster: waiting: no executor offers what the job asks (cores, memory,"
                            + " GPUs); check the workers (multilens cluster worker ... --cores, --memory, --gpus)");
                }
                if (line.startsWith("cluster: error: ")) {
                    error = line.substring("cluster: error: ".length());
                }
                last.addLast(line);
                if (last.size() > 20) {
                    last.removeFirst();
                }
            }
        } finally {
            int code = driver.waitFor();
            watcher.interrupt();
            if (cancelled.getAsBoolean()) {
                throw new StepFailure("stopped by the user; run again to resume (finished shards are kept)");
            }
            if (code != 0) {
                throw new StepFailure(error != null ? error : "the Spark driver exited with code " + code + ": "
                        + last.stream().filter(l -> !l.isBlank() && !l.startsWith("\t")).reduce((a, b) -> b).orElse("no output"));
            }
        }
    }

    /**
     * What the executors' JVMs need besides Spark's defaults: the launcher's thread stack and
     * direct-memory room (16-bit weights are widened into direct buffers), offline DJL, the JDK's
     * vector API where the driver has it (so that shards compute PLND's q/k scores as one run does),
     * and the PyTorch that {@code --torch-home} chose (the same path on every host).
     */
    private static String executorJavaOptions() {
        List<String> o = new ArrayList<>(List.of("-Xss8m", "-XX:MaxDirectMemorySize=1t", "-Dai.djl.offline=true"));
        ModuleLayer.boot().findModule("jdk.incubator.vector").ifPresent(m -> o.add("--add-modules=jdk.incubator.vector"));
        for (String key : List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR")) {
            String v = System.getProperty(key);
            if (v != null) {
                o.add(v.contains(" ") ? "\"-D" + key + "=" + v + "\"" : "-D" + key + "=" + v);
            }
        }
        return String.join(" ", o);
    }

    /**
     * Options and input files with absolute paths: shards run from their own folders, on other
     * hosts. Path options already are (the runner resolves them once, for every plugin).
     */
    private static Map<String, Object> withInputFiles(PluginInfo info, Options options, StepContext context) {
        Map<String, Object> out = new LinkedHashMap<>(options.asMap());
        // input files too: a shard's workflow names them as paths
        for (io.multilens.api.plugin.PortSpec input : info.inputs()) {
            context.input(input.name()).ifPresent(p -> out.put(input.name(), p.toAbsolutePath().normalize().toString()));
        }
        out.values().removeIf(java.util.Objects::isNull);
        return out;
    }

    private static String describe(Map<String, Object> overrides) {
        return overrides.toString();
    }
}
