package io.multilens.api.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a safetensors file of any size tensor by tensor: the header is computed from names,
 * dtypes and shapes alone, then each tensor's bytes are streamed to the file by its source, so no
 * more than one tensor (or one block of it) is ever in memory.
 */
public final class SafetensorsWriter {

    /** One tensor's header entry; {@code dtype} as safetensors names it (F32, F16, BF16, F64). */
    public record Header(String name, String dtype, long[] shape) {

        public long bytes() {
            long n = width(dtype);
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** Writes the bytes of tensor {@code index} (little-endian, exactly {@link Header#bytes()}) to {@code out}. */
    @FunctionalInterface
    public interface Source {
        void write(int index, WritableByteChannel out) throws IOException;
    }

    private SafetensorsWriter() {
    }

    public static void write(Path file, List<Header> tensors, Map<String, String> metadata, Source source) throws IOException {
        byte[] header = header(tensors, metadata);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip());
            writeFully(out, ByteBuffer.wrap(header));
            long expected = 8 + header.length;
            for (int i = 0; i < tensors.size(); i++) {
                source.write(i, out);
                expected += tensors.get(i).bytes();
                if (out.position() != expected) {
                    throw new IOException(file + ": tensor '" + tensors.get(i).name() + "' wrote "
                            + (out.position() - expected + tensors.get(i).bytes()) + " bytes, its header says "
                            + tensors.get(i).bytes());
                }
            }
        }
    }

    /** Writes a whole buffer (channels may write less than asked). */
    public static void writeFully(WritableByteChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    /** The JSON header, padded with spaces to a multiple of 8 bytes as the format recommends. */
    static byte[] header(List<Header> tensors, Map<String, String> metadata) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Header t : tensors) {
            ObjectNode node = header.putObject(t.name());
            node.put("dtype", t.dtype());
            var shape = node.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            var offsets = node.putArray("data_offsets");
            offsets.add(offset);
            offsets.add(offset + t.bytes());
            offset += t.bytes();
        }
        byte[] text = header.toString().getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(text, (text.length + 7) / 8 * 8);
        Arrays.fill(padded, text.length, padded.length, (byte) ' ');
        return padded;
    }

    static int width(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
            default -> throw new IllegalArgumentException("unknown safetensors dtype " + dtype);
        };
    }
}
