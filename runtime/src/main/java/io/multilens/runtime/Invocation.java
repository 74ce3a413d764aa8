package io.multilens.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * One parsed {@code multilens} command line.
 *
 * @param target    the workflow file (run, validate), the watched folder (watch), or null
 * @param torchHome a local PyTorch to run the engine on ({@code --torch-home}), or null
 */
public record Invocation(String command, Path target, List<String> sets, Path out, boolean force, String describe,
                         List<Path> bundleDirs, Path torchHome) {

    Invocation(String command, Path target, List<String> sets, Path out, boolean force, String describe,
               List<Path> bundleDirs) {
        this(command, target, sets, out, force, describe, bundleDirs, null);
    }

    Invocation withTorchHome(Path dir) {
        return new Invocation(command, target, sets, out, force, describe, bundleDirs, dir);
    }
}
