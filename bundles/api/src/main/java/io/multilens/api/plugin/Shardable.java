package io.multilens.api.plugin;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@link Step} whose work splits into independent shards (e.g. document ranges per language),
 * so that {@code multilens run --cluster} can run them as tasks on many hosts. Each shard runs
 * this same step with its options updated by one map of {@link #shards}; {@link #merge} then
 * writes the step's outputs from the shards' output folders exactly as one run over everything
 * would have (per-document work is a pure function of model, document and options; corpus
 * statistics are mergeable).
 */
@ConsumerType
public interface Shardable {

    /**
     * Option overrides, one map per shard, about {@code target} of them; fewer (or one) when the
     * options leave nothing to split. The shards together must cover the work exactly once. The
     * context is the step's own (options, inputs, paths resolved against the workflow), to size
     * the shards by the data really there; nothing is written.
     */
    List<Map<String, Object>> shards(StepContext context, int target);

    /**
     * Writes the outputs of a run with {@code context}'s options into {@code context.outputDir()},
     * from the output folders of its shards (in the order {@link #shards} gave them).
     */
    void merge(StepContext context, List<Path> shardOutputs) throws Exception;
}
