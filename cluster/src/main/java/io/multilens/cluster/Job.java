package io.multilens.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * What the workflow engine asks of the cluster for one step (its {@code job.json}): the master,
 * the distribution, the bundle jars to ship, and the shards, each a one-step workflow with the
 * folder it writes into. Serializable: it travels to the executors with the tasks.
 */
public record Job(String name, String master, String home, List<String> bundles,
                  @JsonProperty("max_failures") int maxFailures, @JsonProperty("executor_gpus") int executorGpus,
                  @JsonProperty("executor_cores") int executorCores, @JsonProperty("executor_memory") String executorMemory,
                  @JsonProperty("executor_java_options") String executorJavaOptions, boolean force,
                  List<Shard> shards, @JsonProperty("executor_wait_seconds") int executorWaitSeconds) implements Serializable {

    public record Shard(int index, String workflow, String out, String describe) implements Serializable {
    }

    static Job read(Path file) throws IOException {
        return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(file.toFile(), Job.class);
    }
}
