package io.multilens.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * One parsed {@code multilens} command line.
 *
 * @param target    the workflow file (run, validate), the watched folder (watch), or null
 * @param torchHome a local PyTorch to run the engine on ({@code --torch-home}), or null
 * @param verbosity quiet, normal or verbose ({@code --quiet}, {@code --verbose})
 * @param features  the features to install ({@code --features}), or null for conf/features
 * @param cluster   the Spark master shardable steps run on ({@code --cluster}), or null; for the
 *                  {@code cluster} command, its arguments ({@code master ...}, {@code worker URL ...})
 * @param shards    shards per shardable step ({@code --shards}), 0 for the default
 * @param executorGpus GPUs per Spark executor ({@code --executor-gpus}), 0: none
 * @param executorCores cores per Spark executor ({@code --executor-cores}), 0: Spark's default
 * @param executorMemory heap per Spark executor ({@code --executor-memory}, e.g. 8g), null: Spark's default
 */
public record Invocation(String command, Path target, List<String> sets, Path out, boolean force, String describe,
                         List<Path> bundleDirs, Path torchHome, String verbosity, List<String> features,
                         String cluster, int shards, int executorGpus, int executorCores, String executorMemory) {

    Invocation(String command, Path target, List<String> sets, Path out, boolean force, String describe,
               List<Path> bundleDirs) {
        this(command, target, sets, out, force, describe, bundleDirs, null, "normal", null, null, 0, 0, 0, null);
    }

    Invocation withCluster(String master, int shardCount, int gpus, int cores, String memory) {
        return new Invocation(command, target, sets, out, force, describe, bundleDirs, torchHome, verbosity, features,
                master, shardCount, gpus, cores, memory);
    }

    Invocation withTorchHome(Path dir) {
        return new Invocation(command, target, sets, out, force, describe, bundleDirs, dir, verbosity, features, cluster, shards, executorGpus, executorCores, executorMemory);
    }

    /** quiet, normal or verbose: how much a run prints (the run log gets everything). */
    Invocation withVerbosity(String level) {
        return new Invocation(command, target, sets, out, force, describe, bundleDirs, torchHome, level, features, cluster, shards, executorGpus, executorCores, executorMemory);
    }

    /** The features to install instead of conf/features'. */
    Invocation withFeatures(List<String> names) {
        return new Invocation(command, target, sets, out, force, describe, bundleDirs, torchHome, verbosity, names, cluster, shards, executorGpus, executorCores, executorMemory);
    }
}
