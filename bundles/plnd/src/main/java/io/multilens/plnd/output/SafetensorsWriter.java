package io.multilens.plnd.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes float32 tensors in the safetensors format: an 8-byte little-endian header length, a
 * JSON header (name to dtype, shape and byte range in the data section; {@code __metadata__}
 * of strings), padded with spaces to a multiple of 8, then the raw little-endian data. Tensor
 * data is streamed from files, so nothing proportional to the corpus is held in memory.
 */
public final class SafetensorsWriter {

    /** One tensor whose row-major little-endian float32 values are the whole content of {@code data}. */
    public record Tensor(String name, long[] shape, Path data) {
    }

    private SafetensorsWriter() {
    }

    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Tensor t : tensors) {
            long bytes = 4L;
            for (long d : t.shape()) {
                bytes *= d;
            }
            long actual = Files.size(t.data());
            if (actual != bytes) {
                throw new IOException(t.name() + ": shape needs " + bytes + " bytes, data has " + actual);
            }
            ObjectNode entry = header.putObject(t.name());
            entry.put("dtype", "F32");
            var shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] text = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(text);
            for (int i = text.length; i < padded; i++) {
                out.write(' ');
            }
            for (Tensor t : tensors) {
                try (InputStream in = Files.newInputStream(t.data())) {
                    in.transferTo(out);
                }
            }
        }
    }
}
