package io.multilens.plnd.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** SHA-256 fingerprints that tie results to the exact files that produced them. */
public final class Hashes {

    private Hashes() {
    }

    public static String sha256(Path file) throws IOException {
        return io.multilens.api.data.Sha256.hex(file);
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
            MessageDigest md = io.multilens.api.data.Sha256.digest();
            md.update(prefix);
            md.update(header);
            return HexFormat.of().formatHex(md.digest());
        }
    }

}
