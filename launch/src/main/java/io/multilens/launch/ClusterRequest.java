package io.multilens.launch;

/**
 * A run spread over a Spark cluster ({@code --cluster} and its companions).
 *
 * @param master         the Spark master URL, e.g. {@code spark://host:7077} or {@code local[2]}
 * @param shards         shards of the corpus; 0 = the engine's default
 * @param executorGpus   GPUs per executor; 0 = CPU only
 * @param executorCores  cores per executor; 0 = Spark's default
 * @param executorMemory memory per executor in Spark's notation ({@code 8g}), or null for Spark's default
 * @param executorWaitSeconds on a standalone master, how long a step waits for its first executor
 *                       before it fails (no worker, or none with the cores and memory asked for)
 */
public record ClusterRequest(String master, int shards, int executorGpus, int executorCores, String executorMemory,
                             int executorWaitSeconds) {

    /**
     * How long a step waits for an executor unless told otherwise: a worker starting now has joined
     * by then, and with the driver's start no wait outlives a minute.
     */
    public static final int DEFAULT_EXECUTOR_WAIT_SECONDS = 45;

    public ClusterRequest {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("a cluster request needs a master URL");
        }
        if (executorWaitSeconds < 1) {
            throw new IllegalArgumentException("the executor wait must be at least 1 s, got " + executorWaitSeconds);
        }
    }
}
