package io.multilens.api.model;

import io.multilens.api.data.Sha256;
import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;

/**
 * What identifies a checkpoint's content without reading gigabytes: every small file whole
 * (configs, tokenizer, delta descriptions) and, of each weight file, its size, modification time,
 * file identity, header (names, dtypes, shapes, offsets) and samples of its data at the start,
 * middle and end. A checkpoint rewritten in place (even one whose samples did not change, as when
 * only some neurons were fine-tuned) gets a new fingerprint; two paths to the same files share one.
 */
public final class CheckpointFingerprint {

    /** Files up to this size are hashed whole. */
    private static final long WHOLE = 1L << 20;
    private static final int SAMPLE = 1 << 16;

    private CheckpointFingerprint() {
    }

    public static String of(Path dir) {
        MessageDigest d = Sha256.digest();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new StepFailure(dir + ": cannot list the model folder (" + e.getMessage() + ")");
        }
        for (Path f : files) {
            try {
                Sha256.part(d, f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                long size = Files.size(f);
                d.update(ByteBuffer.allocate(8).putLong(size).array());
                if (size <= WHOLE) {
                    Sha256.part(d, Files.readAllBytes(f));
                } else {
                    var attributes = Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class);
                    Sha256.part(d, (attributes.lastModifiedTime() + "|" + attributes.fileKey())
                            .getBytes(StandardCharsets.UTF_8));
                    sample(f, size, d);
                }
            } catch (IOException e) {
                throw new StepFailure(f + ": cannot read (" + e.getMessage() + ")");
            }
        }
        return Sha256.hex(d);
    }

    /**
     * A checkpoint's provenance entry for results files, readable by a person: its path, the
     * {@link #of fingerprint}, the SHA-256 of config.json (and of the shard index), and of each
     * safetensors file's header (length prefix and JSON: every tensor's name, dtype, shape and offsets).
     */
    public static java.util.Map<String, Object> provenance(Path dir) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("path", dir.toAbsolutePath().normalize().toString());
        m.put("fingerprint", of(dir));
        try {
            if (Files.isRegularFile(dir.resolve(ModelConfig.FILE))) {
                m.put("config_sha256", Sha256.hex(dir.resolve(ModelConfig.FILE)));
            }
            Path index = dir.resolve("model.safetensors.index.json");
            if (Files.isRegularFile(index)) {
                m.put("weight_index_sha256", Sha256.hex(index));
            }
            java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
            }
            for (Path f : files) {
                headers.put(f.getFileName().toString(), headerSha256(f));
            }
            m.put("safetensors_header_sha256", headers);
        } catch (IOException e) {
            throw new StepFailure(dir + ": cannot read the checkpoint to describe it (" + e.getMessage() + ")");
        }
        return m;
    }

    private static String headerSha256(Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] prefix = in.readNBytes(8);
            if (prefix.length < 8) {
                throw new IOException(file + ": too short for a safetensors file");
            }
            long length = ByteBuffer.wrap(prefix).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            if (length < 0 || length > 100_000_000) {
                throw new IOException(file + ": implausible safetensors header length " + length);
            }
            MessageDigest md = Sha256.digest();
            md.update(prefix);
            md.update(in.readNBytes((int) length));
            return Sha256.hex(md);
        }
    }

    /** The safetensors header (when the file is one) and three samples of the data. */
    private static void sample(Path f, long size, MessageDigest d) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long headerEnd = 0;
            if (f.getFileName().toString().endsWith(".safetensors")) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                ch.read(len, 0);
                long n = len.flip().getLong();
                headerEnd = n > 0 && n < Math.min(size, 100L << 20) ? 8 + n : 0;
            }
            if (headerEnd > 0) {
                d.update(read(ch, 0, (int) headerEnd));
            }
            for (long at : new long[] {headerEnd, (headerEnd + size) / 2, Math.max(headerEnd, size - SAMPLE)}) {
                d.update(read(ch, at, (int) Math.min(SAMPLE, size - at)));
            }
        }
    }

    private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Math.max(0, n));
        while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
            // keep reading: a channel may return fewer bytes than asked
        }
        return b.flip();
    }
}
