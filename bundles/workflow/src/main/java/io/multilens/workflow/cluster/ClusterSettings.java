package io.multilens.workflow.cluster;

import java.nio.file.Path;
import java.util.List;

/**
 * Where {@code multilens run --cluster} sends shardable steps: a Spark master
 * ({@code spark://host:port}, {@code local[N]}, {@code local-cluster[W,C,MB]}), about how many
 * shards per step, the distribution whose {@code spark/} folder starts the driver, and the bundle
 * jars the executors install (those of this framework, so a dropped plugin works there too), and
 * the GPUs each executor takes ({@code --executor-gpus}; each task then runs on the one Spark assigned it),
 * its cores ({@code --executor-cores}, 0: Spark's default; an executor runs one shard at a time on all of
 * them) and its heap ({@code --executor-memory}, null: Spark's default), and how long a step on a
 * standalone master waits for its first executor ({@code --executor-wait}).
 */
public record ClusterSettings(String master, int shards, Path home, List<Path> bundles, int maxFailures, int executorGpus,
                              int executorCores, String executorMemory, int executorWaitSeconds) {

    /**
     * The master URLs checked before anything starts (a wrong one used to cost a 6-10 s driver start
     * and left an empty .shards folder; one with no worker waited forever): Spark's local forms and a
     * standalone master. YARN and Kubernetes are not set up by multilens.
     */
    private static final java.util.regex.Pattern MASTER = java.util.regex.Pattern.compile(
            "local|local\\[(\\d+|\\*)(,\\d+)?]|local-cluster\\[\\d+,\\d+,\\d+]|spark://[^\\s/:]+:\\d{1,5}(,[^\\s/:]+:\\d{1,5})*");

    /** {@code local[0]}, {@code local-cluster[0,...]}: nothing could ever run a task. */
    private static boolean noWorker(String master) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(master);
        if (master.startsWith("local[") && m.find()) {
            return Long.parseLong(m.group()) == 0;
        }
        if (master.startsWith("local-cluster[")) {
            while (m.find()) {
                if (Long.parseLong(m.group()) == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    public ClusterSettings {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("--cluster needs a master: spark://host:port, local[N] or local-cluster[W,C,MB]");
        }
        master = master.trim();
        if (!MASTER.matcher(master).matches() || noWorker(master)) {
            throw new IllegalArgumentException("--cluster " + master + ": not a master multilens can run on; use"
                    + " spark://HOST:PORT, local[N] or local[*] (N >= 1), or local-cluster[W,C,MB] (W, C, MB >= 1)");
        }
        if (shards < 1) {
            throw new IllegalArgumentException("--shards must be at least 1, got " + shards);
        }
        if (executorCores < 0) {
            throw new IllegalArgumentException("--executor-cores must not be negative, got " + executorCores);
        }
        if (executorGpus < 0) {
            throw new IllegalArgumentException("--executor-gpus must not be negative, got " + executorGpus);
        }
        if (executorWaitSeconds < 1) {
            throw new IllegalArgumentException("--executor-wait must be at least 1 s, got " + executorWaitSeconds);
        }
        bundles = List.copyOf(bundles);
    }
}
