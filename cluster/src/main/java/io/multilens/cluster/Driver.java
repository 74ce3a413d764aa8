package io.multilens.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The Spark driver of one shardable step ({@code java ... io.multilens.cluster.Driver job.json}),
 * started by the workflow engine: every shard is one task, run by an executor's multilens kernel;
 * Spark retries a lost one. Lines starting with {@code cluster: } are for the run log; exit 0 when
 * every shard is done, 1 when one failed on every attempt (the launcher has checked that a
 * standalone master answers).
 */
public final class Driver {

    private Driver() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(Job.read(Path.of(args[0])));
        } catch (Exception | Error e) {
            Progress.say("error: " + firstLine(e));
            code = 1;
        }
        System.exit(code);
    }

    /** The Spark configuration of a job, {@code master} as Spark takes it. */
    static SparkConf conf(Job job, String master) {
        SparkConf conf = new SparkConf()
                .setMaster(master)
                .setAppName("multilens " + job.name())
                // DJL, Felix and the runtime: on the executors' own class path (one native loader per JVM)
                .set("spark.executor.extraClassPath", Path.of(job.home(), "lib") + "/*")
                .set("spark.jars", Path.of(job.home(), "spark", "multilens-cluster.jar").toString())
                .set("spark.executor.extraJavaOptions", executorJavaOptions(job))
                // CUDA numbers GPUs as nvidia-smi (and the discovery script) does
                .set("spark.executorEnv.CUDA_DEVICE_ORDER", "PCI_BUS_ID")
                .set("spark.executorEnv.DJL_OFFLINE", "true")
                .set("spark.executorEnv.OPT_OUT_TRACKING", "true")
                .set("spark.task.maxFailures", Integer.toString(Math.max(1, job.maxFailures())))
                // a retried task runs the shard's workflow again: it resumes, so it is idempotent; no speculation
                .set("spark.speculation", "false")
                .set("spark.ui.enabled", "false");
        if (job.executorCores() > 0) {
            // an executor runs one shard at a time, on all its cores (its model and PyTorch's threads are shared)
            conf.set("spark.executor.cores", Integer.toString(job.executorCores()))
                    .set("spark.task.cpus", Integer.toString(job.executorCores()))
                    // PyTorch would start a thread per CPU of the host: executors sharing a host would starve each other
                    .set("spark.executorEnv.OMP_NUM_THREADS", Integer.toString(job.executorCores()));
        }
        if (job.executorMemory() != null && !job.executorMemory().isBlank()) {
            conf.set("spark.executor.memory", job.executorMemory());
        }
        if (job.executorGpus() > 0) {
            // one GPU per task, found on each executor by the discovery script; the task runs on it (ExecutorKernel)
            String script = System.getenv().getOrDefault("MULTILENS_GPU_DISCOVERY",
                    Path.of(job.home(), "spark", "gpu-discovery.sh").toString());
            conf.set("spark.executor.resource.gpu.amount", Integer.toString(job.executorGpus()))
                    .set("spark.task.resource.gpu.amount", "1")
                    .set("spark.executor.resource.gpu.discoveryScript", script)
                    // local-cluster's in-process workers take the same script
                    .set("spark.worker.resource.gpu.amount", Integer.toString(job.executorGpus()))
                    .set("spark.worker.resource.gpu.discoveryScript", script);
        }
        return conf;
    }

    /**
     * The launcher's JVM options; with --executor-cores N also the processor count the JVM reports,
     * N: an executor otherwise sizes what it runs in parallel (eval.perplexity's passes in flight,
     * PLND's kernel threads, the collector's) by every CPU of the host it shares.
     */
    static String executorJavaOptions(Job job) {
        String options = job.executorJavaOptions() == null ? "" : job.executorJavaOptions();
        if (job.executorCores() > 0) {
            options = (options + " -XX:ActiveProcessorCount=" + job.executorCores()).trim();
        }
        return options;
    }

    static int run(Job job) throws Exception {
        long start = System.nanoTime();
        String master = job.master();
        if (master.matches("local\\[(\\d+|\\*)\\]")) {
            // local mode retries a failed task only when told how often: local[N, maxFailures]
            master = master.substring(0, master.length() - 1) + "," + Math.max(1, job.maxFailures()) + "]";
        }
        SparkConf conf = conf(job, master);
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            Progress progress = new Progress(job.shards().size());
            sc.sc().addSparkListener(progress);
            Set<String> shipped = new LinkedHashSet<>();
            for (String bundle : job.bundles()) {
                // one file per name: features share bundles
                if (shipped.add(Path.of(bundle).getFileName().toString())) {
                    sc.addFile(bundle);
                }
            }
            Progress.say(job.shards().size() + " shards, " + shipped.size() + " bundles shipped, master " + job.master());
            if (job.master().startsWith("spark://") && !executorJoined(sc, job.executorWaitSeconds())) {
                // Spark itself would wait forever, logging "Initial job has not accepted any resources"
                Progress.say("error: no executor started on " + job.master() + " within " + job.executorWaitSeconds() + " s: start a"
                        + " worker (multilens cluster worker " + job.master() + ") with the cores and memory a step asks for"
                        + executorAsk(job) + ", or wait longer with --executor-wait SECONDS");
                return 1;
            }
            List<Integer> indices = new ArrayList<>(IntStream.range(0, job.shards().size()).boxed().toList());
            List<ExecutorKernel.Timing> timings;
            try {
                timings = sc.parallelize(indices, indices.size()).map(i -> ExecutorKernel.run(job, i)).collect();
            } catch (Exception e) {
                // Spark's own message is a paragraph ("Job aborted due to stage failure: Task 3 in stage 0.0 failed 4 times, ...")
                Progress.say("error: " + progress.lastFailure().orElse(firstLine(e)));
                return 1;
            }
            List<String> failures = timings.stream().map(ExecutorKernel.Timing::failure).filter(java.util.Objects::nonNull).toList();
            if (!failures.isEmpty()) {
                // the step itself failed there: the same input fails the same way again, so no retry
                failures.forEach(f -> Progress.say("shard failed: " + f));
                Progress.say("error: " + failures.get(0) + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more)" : ""));
                return 1;
            }
            timings.stream().filter(ExecutorKernel.Timing::resumed).forEach(t -> Progress.say(
                    "shard " + t.index() + " was done already (kept from an earlier run): not run again"));
            progress.summary();
            // the per-shard overhead: each executor's kernel start, paid by its first shard
            timings.stream().filter(t -> t.kernelSeconds() > 0).forEach(t -> Progress.say(String.format(
                    "executor %s: kernel started in %.1f s (bundles copied from the driver, Felix, %d bundles)",
                    t.executor(), t.kernelSeconds(), shipped.size())));
            Progress.say(String.format("all %d shards done in %.1f s", job.shards().size(), (System.nanoTime() - start) / 1e9));
            return 0;
        }
    }


    /** Whether an executor registered within {@code seconds} (the driver's own block manager is always listed). */
    private static boolean executorJoined(JavaSparkContext sc, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(Math.max(1, seconds));
        while (sc.sc().getExecutorMemoryStatus().size() < 2) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(250);
        }
        return true;
    }

    private static String executorAsk(Job job) {
        List<String> ask = new ArrayList<>();
        if (job.executorCores() > 0) {
            ask.add("--executor-cores " + job.executorCores());
        }
        if (job.executorMemory() != null && !job.executorMemory().isBlank()) {
            ask.add("--executor-memory " + job.executorMemory());
        }
        if (job.executorGpus() > 0) {
            ask.add("--executor-gpus " + job.executorGpus());
        }
        return ask.isEmpty() ? "" : " (" + String.join(", ", ask) + ")";
    }

    static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getMessage() == null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        // Spark's job failure: "Job aborted due to stage failure: Task 3 in stage 0.0 failed 4 times, most recent failure: ..."
        return m.lines().findFirst().orElse(m);
    }

}
