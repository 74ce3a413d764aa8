package io.multilens.api.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.plugin.StepFailure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads float32 (and float64) tensors in the safetensors format (8-byte little-endian header length, a JSON
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

    /** A file's bytes and parsed header, checked against its length. */
    private record Layout(Path file, ByteBuffer bytes, long dataStart, JsonNode header) {

        static Layout of(Path file) throws IOException {
            byte[] all = Files.readAllBytes(file);
            ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = all.length < 8 ? -1 : buf.getLong(0);
            if (headerLength < 2 || 8 + headerLength > all.length) {
                throw new StepFailure(file + ": header length " + headerLength + " exceeds the file (" + all.length
                        + " bytes); it is truncated or not safetensors");
            }
            JsonNode header = new ObjectMapper().readTree(new String(all, 8, (int) headerLength, StandardCharsets.UTF_8));
            return new Layout(file, buf, 8 + headerLength, header);
        }

        /** Every tensor's name, dtype, shape and byte range, each range checked. */
        List<Entry> entries() {
            List<Entry> out = new ArrayList<>();
            header.fields().forEachRemaining(e -> {
                if (e.getKey().equals("__metadata__")) {
                    return;
                }
                JsonNode t = e.getValue();
                long[] shape = new long[t.path("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = t.path("shape").get(i).asLong();
                }
                long start = dataStart + t.path("data_offsets").get(0).asLong();
                long end = dataStart + t.path("data_offsets").get(1).asLong();
                if (end > bytes.capacity() || start > end) {
                    throw new StepFailure(file + ": tensor " + e.getKey() + " lies beyond the end of the file; it is truncated");
                }
                out.add(new Entry(e.getKey(), t.path("dtype").asText(), shape, (int) start, (int) end));
            });
            return out;
        }
    }

    private record Entry(String name, String dtype, long[] shape, int start, int end) {
    }

    /** Reads the F64 tensors of a file (F32 ones are widened); for multilens's own tally files. */
    public static Map<String, Doubles> readDoubles(Path file) throws IOException {
        Layout layout = Layout.of(file);
        Map<String, Doubles> out = new LinkedHashMap<>();
        for (Entry e : layout.entries()) {
            int width = e.dtype().equals("F64") ? 8 : e.dtype().equals("F32") ? 4 : -1;
            if (width < 0) {
                throw new StepFailure(file + ": tensor " + e.name() + " is " + e.dtype() + ", expected F64 or F32");
            }
            double[] data = new double[(e.end() - e.start()) / width];
            for (int i = 0; i < data.length; i++) {
                int at = e.start() + i * width;
                data[i] = width == 8 ? layout.bytes().getDouble(at) : layout.bytes().getFloat(at);
            }
            out.put(e.name(), new Doubles(data, e.shape()));
        }
        return out;
    }

    /** The {@code __metadata__} strings of a safetensors file. */
    public static Map<String, String> metadata(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Layout.of(file).header().path("__metadata__").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /**
     * Reads a float32 safetensors file written by {@link #write} (multilens's own state and
     * score files; model checkpoints are read by the model backends, which know every dtype).
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        Layout layout = Layout.of(file);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Entry e : layout.entries()) {
            if (!e.dtype().equals("F32")) {
                throw new StepFailure(file + ": tensor " + e.name() + " is " + e.dtype() + ", expected F32");
            }
            float[] data = new float[(e.end() - e.start()) / 4];
            layout.bytes().position(e.start());
            layout.bytes().asFloatBuffer().get(data);
            out.put(e.name(), new Tensor(data, e.shape()));
        }
        return out;
    }

    /** Writes {@link Tensor}s (F32) and {@link Doubles} (F64), in map order, through {@link SafetensorsWriter}. */
    public static void write(Path file, Map<String, ?> tensors, Map<String, String> metadata) throws IOException {
        List<Object> values = new ArrayList<>(tensors.values());
        List<SafetensorsWriter.Header> headers = new ArrayList<>();
        tensors.forEach((name, t) -> headers.add(t instanceof Doubles d
                ? new SafetensorsWriter.Header(name, "F64", d.shape())
                : new SafetensorsWriter.Header(name, "F32", ((Tensor) t).shape())));
        SafetensorsWriter.write(file, headers, metadata, (i, out) -> {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            if (values.get(i) instanceof Doubles d) {
                for (double v : d.data()) {
                    if (buf.remaining() < 8) {
                        SafetensorsWriter.writeFully(out, buf.flip());
                        buf.clear();
                    }
                    buf.putDouble(v);
                }
            } else {
                for (float v : ((Tensor) values.get(i)).data()) {
                    if (buf.remaining() < 4) {
                        SafetensorsWriter.writeFully(out, buf.flip());
                        buf.clear();
                    }
                    buf.putFloat(v);
                }
            }
            SafetensorsWriter.writeFully(out, buf.flip());
        });
    }
}
