package io.multilens.cluster;

import io.multilens.runtime.Kernel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.spark.SparkFiles;

/**
 * The multilens kernel of one executor JVM, started by its first task and reused by the next
 * ones. Held in a static field on purpose: Spark gives a task nothing that lives as long as its
 * executor, and the kernel (Felix, DJL's native library, loaded models) must live exactly that long.
 */
final class ExecutorKernel {

    private static Kernel kernel;
    /** Seconds the first task of this executor spent starting the kernel (copying the shipped bundles included). */
    private static double startSeconds;

    /** What one shard cost on its executor: the kernel start (only the executor's first task pays it) and the run. */
    record Timing(int index, String executor, double kernelSeconds, double runSeconds, boolean resumed, String failure)
            implements java.io.Serializable {
    }

    private ExecutorKernel() {
    }

    /** The kernel, started from the bundle jars the driver shipped (SparkFiles) on first use. */
    static synchronized Kernel get(List<String> bundles, Path home) throws Exception {
        if (kernel == null) {
            long start = System.nanoTime();
            Path dir = Files.createTempDirectory("multilens-executor-bundles-");
            for (String bundle : bundles) {
                String name = Path.of(bundle).getFileName().toString();
                Files.copy(Path.of(SparkFiles.get(name)), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
            Kernel started = Kernel.start(List.of(dir), home, System.err);
            kernel = started;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                try {
                    org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
                } catch (IOException e) {
                    // a temporary folder: the OS cleans it if we cannot
                }
            }));
            startSeconds = (System.nanoTime() - start) / 1e9;
            System.err.printf("multilens: executor kernel started in %.1f s with %d bundles%n", startSeconds, bundles.size());
        }
        return kernel;
    }

    /** {@code device=cuda:N} when Spark assigned this task GPU N (the shard's workflow has a device parameter). */
    static List<String> device() {
        org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
        if (task == null || !task.resources().contains("gpu")) {
            return List.of();
        }
        String[] addresses = task.resources().apply("gpu").addresses();
        return addresses.length == 0 ? List.of() : List.of("device=cuda:" + addresses[0]);
    }

    /**
     * Runs one shard's workflow. A step that fails (or a shard workflow the engine refuses) is a
     * result, not an exception: running it again would fail the same way, so Spark must not retry
     * it; the driver names it. A crash of this JVM is what Spark retries.
     */
    static Timing run(Job job, int index) throws Exception {
        Job.Shard shard = job.shards().get(index);
        boolean first;
        synchronized (ExecutorKernel.class) {
            first = kernel == null;
        }
        Kernel k = get(job.bundles(), Path.of(job.home()));
        long start = System.nanoTime();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            code = k.run(Path.of(shard.workflow()), Path.of(shard.out()), device(), job.force(), out, out);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.err.print(text);
        if (code != 0) {
            List<String> lines = text.lines().filter(l -> l.contains("FAILED") || l.contains("error")).toList();
            // no step failed: the shard's workflow itself was refused (exit code 2): its last line says why
            String why = !lines.isEmpty() ? lines.get(lines.size() - 1).strip()
                    : text.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).map(String::strip).orElse("exit code " + code);
            return new Timing(index, executor(), first ? startSeconds : 0, (System.nanoTime() - start) / 1e9, false,
                    "shard " + index + " (" + shard.describe() + ") failed on " + host() + ": " + why);
        }
        // the shard's workflow found its step done by an earlier run (or an earlier attempt of this task)
        boolean resumed = text.contains("] up to date (");
        return new Timing(index, executor(), first ? startSeconds : 0, (System.nanoTime() - start) / 1e9, resumed, null);
    }

    private static String executor() {
        return org.apache.spark.SparkEnv.get().executorId();
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "executor " + executor();
        }
    }
}
