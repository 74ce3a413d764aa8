package io.multilens.workflow.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
            MessageDigest md = sha256();
            try (Stream<Path> files = Files.walk(path)) {
                List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
                for (Path f : sorted) {
                    md.update(path.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md.update(of(f).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        }
        if (!Files.isRegularFile(path)) {
            return "missing";
        }
        long size = Files.size(path);
        if (size > CONTENT_LIMIT) {
            return "size:" + size + ",mtime:" + Files.getLastModifiedTime(path).toMillis();
        }
        return "sha256:" + sha256Hex(path);
    }

    public static String sha256Hex(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
