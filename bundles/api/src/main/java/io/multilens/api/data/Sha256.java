package io.multilens.api.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of bytes, text and files, as lower-case hex; {@link #digest()} for hashes built from parts. */
public final class Sha256 {

    private Sha256() {
    }

    /** A fresh SHA-256 digest (every JVM has it). */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The hash of a file's content, streamed. */
    public static String hex(Path file) throws IOException {
        MessageDigest d = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /** Adds a length-prefixed part, so that ("ab","c") and ("a","bc") hash differently. */
    public static void part(MessageDigest d, byte[] bytes) {
        d.update(ByteBuffer.allocate(8).putLong(bytes.length).array());
        d.update(bytes);
    }

    public static String hex(MessageDigest d) {
        return HexFormat.of().formatHex(d.digest());
    }
}
