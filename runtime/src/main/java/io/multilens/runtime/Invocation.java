package io.multilens.runtime;

import io.multilens.launch.ClusterRequest;
import java.nio.file.Path;
import java.util.List;

/**
 * One parsed {@code multilens} command line.
 *
 * @param target    the workflow file (run, validate), the watched folder (watch), or null
 * @param torchHome a local PyTorch to run the engine on ({@code --torch-home}), or null
 * @param verbosity quiet, normal or verbose ({@code --quiet}, {@code --verbose})
 * @param features  the features to install ({@code --features}), or null for conf/features
 * @param sets      {@code --set} overrides; for the {@code cluster} command, its arguments
 *                  ({@code master ...}, {@code worker URL ...})
 * @param cluster   the Spark cluster shardable steps run on ({@code --cluster} and the
 *                  {@code --shards}/{@code --executor-*} options), or null
 */
public record Invocation(String command, Path target, List<String> sets, Path out, boolean force, String describe,
                         List<Path> bundleDirs, Path torchHome, String verbosity, List<String> features,
                         ClusterRequest cluster) {

    Invocation(String command, Path target, List<String> sets, Path out, boolean force, String describe,
               List<Path> bundleDirs) {
        this(command, target, sets, out, force, describe, bundleDirs, null, "normal", null, null);
    }

    Invocation withCluster(ClusterRequest request) {
        return new Invocation(command, target, sets, out, force, describe, bundleDirs, torchHome, verbosity, features, request);
    }

    Invocation withTorchHome(Path dir) {
        return new Invocation(command, target, sets, out, force, describe, bundleDirs, dir, verbosity, features, cluster);
    }

    /** quiet, normal or verbose: how much a run prints (the run log gets everything). */
    Invocation withVerbosity(String level) {
        return new Invocation(command, target, sets, out, force, describe, bundleDirs, torchHome, level, features, cluster);
    }

    /** The features to install instead of conf/features'. */
    Invocation withFeatures(List<String> names) {
        return new Invocation(command, target, sets, out, force, describe, bundleDirs, torchHome, verbosity, names, cluster);
    }
}
