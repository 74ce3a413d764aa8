package io.multilens.api.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.data.HalfFormat;
import io.multilens.api.data.SafetensorsWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Writes a checkpoint of a {@link CheckpointLayout} with fresh weights, in Hugging Face layout:
 * config.json and safetensors (one file, or shards of at most {@code shardBytes} with an index as
 * transformers writes them), tensor by tensor, so a 7B checkpoint never sits in memory. Random
 * tensors have standard deviation {@code std}; gains are 1 and zeros 0 as the layout says.
 */
public final class FreshCheckpoint {

    /** transformers' default shard size. */
    public static final long SHARD_BYTES = 5_000_000_000L;

    /** Where random values come from. */
    public interface Draws {
        /** The next random value of {@code tensor} (called in order over its elements, tensors in layout order). */
        float next(CheckpointLayout.Tensor tensor);
    }

    private FreshCheckpoint() {
    }

    /**
     * N(0, std²) from one {@link Random} drawn through the tensors in layout order, as Llama's and
     * BLOOM's initialisers do: the same seed gives the same model (training from scratch).
     */
    public static Draws gaussian(long seed, double std) {
        Random random = new Random(seed);
        return t -> (float) (random.nextGaussian() * std);
    }

    /**
     * Uniform values of standard deviation {@code std}, each tensor from its own generator seeded by
     * its name: fast enough for billions of values (benchmarks of real shapes), the same every run.
     */
    public static Draws uniform(double std) {
        Map<String, SplittableRandom> perTensor = new java.util.HashMap<>();
        double range = std * Math.sqrt(3);
        return t -> (float) ((perTensor.computeIfAbsent(t.name(), n -> new SplittableRandom(n.hashCode())).nextDouble() * 2 - 1)
                * range);
    }

    /**
     * @param dtype safetensors' name of the stored type: F32, F16 or BF16 (config.json's torch_dtype is the layout's)
     */
    public static void write(Path dir, CheckpointLayout layout, String dtype, Draws draws, long shardBytes)
            throws IOException {
        Files.createDirectories(dir);
        List<List<CheckpointLayout.Tensor>> shards = new ArrayList<>();
        long size = 0;
        for (CheckpointLayout.Tensor t : layout.tensors()) {
            long bytes = t.elements() * (dtype.equals("F32") ? 4 : 2);
            if (shards.isEmpty() || size + bytes > shardBytes) {
                shards.add(new ArrayList<>());
                size = 0;
            }
            shards.get(shards.size() - 1).add(t);
            size += bytes;
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, String> weightMap = new LinkedHashMap<>();
        long total = 0;
        for (int i = 0; i < shards.size(); i++) {
            String file = shards.size() == 1 ? "model.safetensors"
                    : String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
            List<CheckpointLayout.Tensor> shard = shards.get(i);
            List<SafetensorsWriter.Header> headers = shard.stream()
                    .map(t -> new SafetensorsWriter.Header(t.name(), dtype, t.shape())).toList();
            SafetensorsWriter.write(dir.resolve(file), headers, Map.of("format", "pt"),
                    (k, out) -> fill(shard.get(k), dtype, draws, out));
            for (SafetensorsWriter.Header h : headers) {
                weightMap.put(h.name(), file);
                total += h.bytes();
            }
        }
        if (shards.size() > 1) {
            ObjectNode index = json.createObjectNode();
            index.putObject("metadata").put("total_size", total);
            index.set("weight_map", json.valueToTree(weightMap));
            json.writeValue(dir.resolve("model.safetensors.index.json").toFile(), index);
        }
        json.writeValue(dir.resolve("config.json").toFile(), layout.config());
    }

    /** Streams one tensor's values in blocks. */
    private static void fill(CheckpointLayout.Tensor t, String dtype, Draws draws, WritableByteChannel out)
            throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
        long n = t.elements();
        for (long i = 0; i < n; i++) {
            float v = switch (t.init()) {
                case RANDOM -> draws.next(t);
                case ONES -> 1f;
                case ZEROS -> 0f;
            };
            switch (dtype) {
                case "F32" -> buf.putFloat(v);
                case "F16" -> buf.putShort(HalfFormat.toF16(v));
                case "BF16" -> buf.putShort(HalfFormat.toBf16(v));
                default -> throw new IllegalArgumentException("stored type " + dtype + ": only F32, F16, BF16");
            }
            if (buf.remaining() < 4) {
                SafetensorsWriter.writeFully(out, buf.flip());
                buf.clear();
            }
        }
        SafetensorsWriter.writeFully(out, buf.flip());
    }
}
