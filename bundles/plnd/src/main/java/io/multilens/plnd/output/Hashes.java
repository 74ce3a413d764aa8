package io.multilens.plnd.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 fingerprints that tie results to the exact files that produced them. */
public final class Hashes {

    private Hashes() {
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * The hash of a safetensors file's header (length prefix and JSON): it names every tensor
     * with its dtype, shape and offsets, so it identifies the checkpoint without reading
     * gigabytes of weights.
     */
    public static String safetensorsHeaderSha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] prefix = in.readNBytes(8);
            if (prefix.length < 8) {
                throw new IOException(file + ": too short for a safetensors file");
            }
            long length = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (length < 0 || length > 100_000_000) {
                throw new IOException(file + ": implausible safetensors header length " + length);
            }
            byte[] header = in.readNBytes((int) length);
            MessageDigest md = digest();
            md.update(prefix);
            md.update(header);
            return HexFormat.of().formatHex(md.digest());
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
