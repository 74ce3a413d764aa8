package io.multilens.workflow.run;

import io.multilens.api.data.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;

/**
 * Content hashes that decide whether a finished step is still up to date. Files up to
 * {@link #CONTENT_LIMIT} are hashed by content; larger ones (model weights) by size and
 * modification time, so resuming a 7B-model workflow does not re-read gigabytes.
 */
public final class Fingerprints {

    static final long CONTENT_LIMIT = 64L << 20;

    private Fingerprints() {
    }

    public static String of(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            MessageDigest md = Sha256.digest();
            try (Stream<Path> files = Files.walk(path)) {
                List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
                for (Path f : sorted) {
                    md.update(path.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md.update(of(f).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return "sha256:" + Sha256.hex(md);
        }
        if (!Files.isRegularFile(path)) {
            return "missing";
        }
        long size = Files.size(path);
        if (size > CONTENT_LIMIT) {
            return "size:" + size + ",mtime:" + Files.getLastModifiedTime(path).toMillis();
        }
        return "sha256:" + Sha256.hex(path);
    }
}
