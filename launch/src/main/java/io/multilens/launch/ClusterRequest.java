package io.multilens.launch;

/**
 * A run spread over a Spark cluster ({@code --cluster} and its companions).
 *
 * @param master         the Spark master URL, e.g. {@code spark://host:7077} or {@code local[2]}
 * @param shards         shards of the corpus; 0 = the engine's default
 * @param executorGpus   GPUs per executor; 0 = CPU only
 * @param executorCores  cores per executor; 0 = Spark's default
 * @param executorMemory memory per executor in Spark's notation ({@code 8g}), or null for Spark's default
 */
public record ClusterRequest(String master, int shards, int executorGpus, int executorCores, String executorMemory) {

    public ClusterRequest {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("a cluster request needs a master URL");
        }
    }
}
