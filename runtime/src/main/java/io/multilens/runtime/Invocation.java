package io.multilens.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * One parsed {@code multilens} command line.
 *
 * @param target the workflow file (run, validate), the watched folder (watch), or null
 */
public record Invocation(String command, Path target, List<String> sets, Path out, boolean force, String describe,
                         List<Path> bundleDirs) {
}
