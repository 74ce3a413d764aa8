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
 * them) and its heap ({@code --executor-memory}, null: Spark's default).
 */
public record ClusterSettings(String master, int shards, Path home, List<Path> bundles, int maxFailures, int executorGpus,
                              int executorCores, String executorMemory) {

    public ClusterSettings {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("--cluster needs a master: spark://host:port, local[N] or local-cluster[W,C,MB]");
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
        bundles = List.copyOf(bundles);
    }
}
