package io.multilens.api.data;

import io.multilens.api.data.SafetensorsFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
        public Doubles {
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

    private Safetensors() {
    }

    /** Reads the F64 tensors of a file (F32 ones are widened); for multilens's own tally files. */
    public static Map<String, Doubles> readDoubles(Path file) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Map<String, Doubles> out = new LinkedHashMap<>();
            for (String name : f.names()) {
                out.put(name, new Doubles(f.doubles(name), f.entry(name).shape()));
            }
            return out;
        }
    }

    /** The {@code __metadata__} strings of a safetensors file. */
    public static Map<String, String> metadata(Path file) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            return new LinkedHashMap<>(f.metadata());
        }
    }

    /**
     * Reads a float32 safetensors file such as {@link #write} writes (multilens's own state and
     * score files; F16/BF16 tensors are widened), through the one codec the model backends use.
     * Files with F64 tensors (tallies) are read with {@link #readDoubles}.
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (String name : f.names()) {
                out.put(name, new Tensor(f.floats(name), f.entry(name).shape()));
            }
            return out;
        }
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
