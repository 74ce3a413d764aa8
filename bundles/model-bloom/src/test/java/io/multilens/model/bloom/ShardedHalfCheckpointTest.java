package io.multilens.model.bloom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.data.HalfFormat;
import io.multilens.api.data.SafetensorsFile;
import io.multilens.api.data.SafetensorsWriter;
import io.multilens.api.model.TrainableModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BLOOM as BloomForCausalLM saves it: tensor names with the {@code transformer.} prefix, float16,
 * in two shards with an index. It loads to the fixture's logits up to float16 rounding of the
 * weights, and exactly to a float32 checkpoint of the same rounded weights.
 */
class ShardedHalfCheckpointTest {

    @TempDir
    Path tmp;

    @Test
    void prefixedShardedFloat16LoadsToTheSameLogits() throws Exception {
        Path half = tmp.resolve("half");
        Path rounded = tmp.resolve("rounded");
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager(); SafetensorsFile file = SafetensorsFile.open(TinyBloom.dir().resolve("model.safetensors"))) {
            for (String name : file.names()) {
                NDArray a = file.read(m, name);
                float[] v = a.toFloatArray();
                for (int i = 0; i < v.length; i++) {
                    v[i] = HalfFormat.F16.widen(HalfFormat.toF16(v[i]));
                }
                values.put(name, v);
                shapes.put(name, a.getShape().getShape());
            }
        }
        List<String> names = new ArrayList<>(values.keySet());
        List<String> first = names.subList(0, names.size() / 2);
        List<String> second = names.subList(names.size() / 2, names.size());
        Files.createDirectories(half);
        StringBuilder index = new StringBuilder("{\"metadata\": {}, \"weight_map\": {");
        for (int s = 0; s < 2; s++) {
            List<String> shard = s == 0 ? first : second;
            String shardName = "model-0000" + (s + 1) + "-of-00002.safetensors";
            write(half.resolve(shardName), shard, values, shapes, "transformer.", true);
            for (String n : shard) {
                index.append(index.charAt(index.length() - 1) == '{' ? "" : ", ")
                        .append('"').append("transformer.").append(n).append("\": \"").append(shardName).append('"');
            }
        }
        Files.writeString(half.resolve("model.safetensors.index.json"), index.append("}}").toString());
        Files.writeString(half.resolve("config.json"), Files.readString(TinyBloom.dir().resolve("config.json"))
                .replace("\"float32\"", "\"float16\""));
        Files.createDirectories(rounded);
        write(rounded.resolve("model.safetensors"), names, values, shapes, "", false);
        Files.copy(TinyBloom.dir().resolve("config.json"), rounded.resolve("config.json"));

        int[][] docs = TinyBloom.documents();
        try (TrainableModel fromHalf = TinyBloom.load(half); TrainableModel fromRounded = TinyBloom.load(rounded);
             NDManager scope = NDManager.newBaseManager()) {
            assertTrue(fromHalf.parameters().containsKey("transformer.h.0.self_attention.query_key_value.weight"),
                    "names keep the checkpoint's prefix: " + fromHalf.parameters().keySet());
            for (int d = 0; d < docs.length; d++) {
                float[] a = fromHalf.logits(scope, new int[][] {docs[d]}, Intervention.NONE).toFloatArray();
                float[] b = fromRounded.logits(scope, new int[][] {docs[d]}, Intervention.NONE).toFloatArray();
                for (int i = 0; i < a.length; i++) {
                    assertEquals(b[i], a[i], 0f, "document " + d + " value " + i + ": float16 must widen exactly");
                }
                double err = TinyBloom.relativeError(a, TinyBloom.logits(d));
                System.out.printf("tiny-bloom float16 shards, document %d: relative error %.2e%n", d, err);
                assertTrue(err <= 5e-3, "document " + d + ": " + err + " is more than float16 rounding");
            }
        }
    }

    private static void write(Path file, List<String> names, Map<String, float[]> values, Map<String, long[]> shapes,
                              String prefix, boolean f16) throws Exception {
        List<SafetensorsWriter.Header> headers = new ArrayList<>();
        for (String n : names) {
            headers.add(new SafetensorsWriter.Header(prefix + n, f16 ? "F16" : "F32", shapes.get(n)));
        }
        SafetensorsWriter.write(file, headers, Map.of("format", "pt"), (i, channel) -> {
            float[] v = values.get(names.get(i));
            ByteBuffer bytes = ByteBuffer.allocate(v.length * (f16 ? 2 : 4)).order(ByteOrder.LITTLE_ENDIAN);
            for (float x : v) {
                if (f16) {
                    bytes.putShort(HalfFormat.toF16(x));
                } else {
                    bytes.putFloat(x);
                }
            }
            SafetensorsWriter.writeFully(channel, bytes.flip());
        });
    }
}
