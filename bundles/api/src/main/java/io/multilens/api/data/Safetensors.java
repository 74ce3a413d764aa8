package io.multilens.api.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes float32 tensors in the safetensors format (8-byte little-endian header length, a JSON
 * header of dtype/shape/data_offsets padded to 8 bytes, then the raw data), readable by the
 * Hugging Face libraries and by every multilens model backend.
 */
public final class Safetensors {

    /** A float32 tensor: row-major data and its shape. */
    public record Tensor(float[] data, long[] shape) {
        public Tensor {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            if (n != data.length) {
                throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " holds " + n
                        + " values, data has " + data.length);
            }
        }
    }

    /** A float64 tensor (sums and counts that must merge exactly across shards). */
    public record Doubles(double[] data, long[] shape) {
    }

    private Safetensors() {
    }

    /** Reads the F64 tensors of a file (F32 ones are widened); for multilens's own tally files. */
    public static Map<String, Doubles> readDoubles(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = all.length < 8 ? -1 : buf.getLong(0);
        if (headerLength < 2 || 8 + headerLength > all.length) {
            throw new io.multilens.api.plugin.StepFailure(file + ": truncated or not a safetensors file");
        }
        var header = new ObjectMapper().readTree(new String(all, 8, (int) headerLength, StandardCharsets.UTF_8));
        Map<String, Doubles> out = new java.util.LinkedHashMap<>();
        var fields = header.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            var t = e.getValue();
            String dtype = t.path("dtype").asText();
            int width = dtype.equals("F64") ? 8 : dtype.equals("F32") ? 4 : -1;
            if (width < 0) {
                throw new io.multilens.api.plugin.StepFailure(file + ": tensor " + e.getKey() + " is " + dtype + ", expected F64 or F32");
            }
            long[] shape = new long[t.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.path("shape").get(i).asLong();
            }
            long start = 8 + headerLength + t.path("data_offsets").get(0).asLong();
            long end = 8 + headerLength + t.path("data_offsets").get(1).asLong();
            if (end > all.length || start > end) {
                throw new io.multilens.api.plugin.StepFailure(file + ": tensor " + e.getKey() + " lies beyond the end of the file; it is truncated");
            }
            double[] data = new double[(int) ((end - start) / width)];
            for (int i = 0; i < data.length; i++) {
                int at = (int) start + i * width;
                data[i] = width == 8 ? buf.getDouble(at) : buf.getFloat(at);
            }
            out.put(e.getKey(), new Doubles(data, shape));
        }
        return out;
    }

    /** The {@code __metadata__} strings of a safetensors file. */
    public static Map<String, String> metadata(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        long headerLength = all.length < 8 ? -1 : ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (headerLength < 2 || 8 + headerLength > all.length) {
            throw new io.multilens.api.plugin.StepFailure(file + ": truncated or not a safetensors file");
        }
        var meta = new ObjectMapper().readTree(new String(all, 8, (int) headerLength, StandardCharsets.UTF_8)).path("__metadata__");
        Map<String, String> out = new java.util.LinkedHashMap<>();
        meta.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /**
     * Reads a float32 safetensors file written by {@link #write} (multilens's own state and
     * score files; model checkpoints are read by the model backends, which know every dtype).
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < 8) {
            throw new io.multilens.api.plugin.StepFailure(file + ": truncated safetensors file (" + all.length + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buf.getLong(0);
        if (headerLength < 2 || 8 + headerLength > all.length) {
            throw new io.multilens.api.plugin.StepFailure(file + ": header length " + headerLength + " exceeds the file; it is truncated or not safetensors");
        }
        var header = new ObjectMapper().readTree(new String(all, 8, (int) headerLength, StandardCharsets.UTF_8));
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        var fields = header.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            var t = e.getValue();
            if (!"F32".equals(t.path("dtype").asText())) {
                throw new io.multilens.api.plugin.StepFailure(file + ": tensor " + e.getKey() + " is " + t.path("dtype").asText() + ", expected F32");
            }
            long[] shape = new long[t.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.path("shape").get(i).asLong();
            }
            long start = 8 + headerLength + t.path("data_offsets").get(0).asLong();
            long end = 8 + headerLength + t.path("data_offsets").get(1).asLong();
            if (end > all.length || start > end) {
                throw new io.multilens.api.plugin.StepFailure(file + ": tensor " + e.getKey() + " lies beyond the end of the file; it is truncated");
            }
            float[] data = new float[(int) ((end - start) / 4)];
            buf.position((int) start);
            buf.asFloatBuffer().get(data);
            out.put(e.getKey(), new Tensor(data, shape));
        }
        return out;
    }

    /** Writes {@link Tensor}s (F32) and {@link Doubles} (F64), in map order. */
    public static void write(Path file, Map<String, ?> tensors, Map<String, String> metadata) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, ?> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            boolean wide = e.getValue() instanceof Doubles;
            t.put("dtype", wide ? "F64" : "F32");
            var shape = t.putArray("shape");
            for (long d : wide ? ((Doubles) e.getValue()).shape() : ((Tensor) e.getValue()).shape()) {
                shape.add(d);
            }
            long bytes = wide ? 8L * ((Doubles) e.getValue()).data().length : 4L * ((Tensor) e.getValue()).data().length;
            var offsets = t.putArray("data_offsets");
            offsets.add(offset);
            offsets.add(offset + bytes);
            offset += bytes;
        }
        byte[] text = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(text);
            out.write(" ".repeat(padded - text.length).getBytes(StandardCharsets.US_ASCII));
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Object t : tensors.values()) {
                if (t instanceof Doubles d) {
                    for (double v : d.data()) {
                        if (buf.remaining() < 8) {
                            out.write(buf.array(), 0, buf.position());
                            buf.clear();
                        }
                        buf.putDouble(v);
                    }
                } else {
                    for (float v : ((Tensor) t).data()) {
                        if (buf.remaining() < 4) {
                            out.write(buf.array(), 0, buf.position());
                            buf.clear();
                        }
                        buf.putFloat(v);
                    }
                }
            }
            out.write(buf.array(), 0, buf.position());
        }
    }
}
