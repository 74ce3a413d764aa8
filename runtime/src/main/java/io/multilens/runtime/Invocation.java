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
 */
public record Invocation(String command, Path target, List<String> sets, Path out, boolean force, String describe,
                         List<Path> bundleDirs, Path torchHome, String verbosity, List<String> features) {

    Invocation(String command, Path target, List<String> sets, Path out, boolean force, String describe,
               List<Path> bundleDirs) {
        this(command, target, sets, out, force, describe, bundleDirs, null, "normal", null);
    }

    Invocation withTorchHome(Path dir) {
        return new Invocation(command, target, sets, out, force, describe, bundleDirs, dir, verbosity, features);
    }

    /** quiet, normal or verbose: how much a run prints (the run log gets everything). */
    Invocation withVerbosity(String level) {
        return new Invocation(command, target, sets, out, force, describe, bundleDirs, torchHome, level, features);
    }

    /** The features to install instead of conf/features'. */
    Invocation withFeatures(List<String> names) {
        return new Invocation(command, target, sets, out, force, describe, bundleDirs, torchHome, verbosity, names);
    }
}
