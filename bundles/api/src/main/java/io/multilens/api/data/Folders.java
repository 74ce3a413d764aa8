package io.multilens.api.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Atomic output for folders, which the JDK lacks: a result is written into a folder of its own and
 * put in place with one rename, so a reader (or an interrupted run) sees the old result or the new
 * one, never half of either.
 */
public final class Folders {

    private Folders() {
    }

    /**
     * Puts {@code finished} in place of {@code target}: an existing target is renamed aside first
     * ({@code .<name>.old-<n>}, hidden, so a later run can recognise and remove it) and deleted last.
     */
    public static void replace(Path finished, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);   // put the previous result back
            }
            throw e;
        }
        if (old != null) {
            deleteTree(old);
        }
    }

    /** Deletes a folder and everything in it; nothing when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
