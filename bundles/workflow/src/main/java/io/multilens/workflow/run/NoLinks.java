package io.multilens.workflow.run;

import io.multilens.api.status.StepFailure;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What multilens writes in a results folder stays in it: no path from OUT down to a file it
 * writes may pass through a symbolic link, which could point anywhere (a planted
 * {@code OUT/logs -> ~/.bashrc} would have the run log appended to it).
 */
final class NoLinks {

    private NoLinks() {
    }

    /** Refuses {@code file} when it, or a folder between {@code outDir} and it, is a symbolic link. */
    static void require(Path outDir, Path file) {
        Path base = outDir.toAbsolutePath().normalize();
        Path target = file.toAbsolutePath().normalize();
        if (!target.startsWith(base)) {
            throw new StepFailure(file + " is outside the results folder " + outDir);
        }
        Path at = base;
        for (Path part : base.relativize(target)) {
            at = at.resolve(part);
            if (Files.isSymbolicLink(at)) {
                throw new StepFailure(at + " is a symbolic link; multilens writes only plain files and folders inside"
                        + " the results folder: remove the link (or choose another --out)");
            }
        }
    }
}
