package io.multilens.model.llama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** A minimal safetensors reader/writer for building test files, independent of the code under test. */
final class TestSafetensors {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One stored tensor: its dtype name, shape and raw little-endian bytes. */
    record Raw(String dtype, long[] shape, byte[] data) {
    }

    private TestSafetensors() {
    }

    static Map<String, Raw> read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) buf.getLong(0);
        JsonNode header = JSON.readTree(new String(all, 8, n, StandardCharsets.UTF_8));
        Map<String, Raw> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = header.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode t = e.getValue();
            long[] shape = new long[t.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.get("shape").get(i).asLong();
            }
            int begin = 8 + n + t.get("data_offsets").get(0).asInt();
            int end = 8 + n + t.get("data_offsets").get(1).asInt();
            out.put(e.getKey(), new Raw(t.get("dtype").asText(), shape, Arrays.copyOfRange(all, begin, end)));
        }
        return out;
    }

    /** The tensor whose bytes come last in the file (the one a truncation cuts). */
    static String lastStored(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int n = (int) ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        JsonNode header = JSON.readTree(new String(all, 8, n, StandardCharsets.UTF_8));
        String last = null;
        long end = -1;
        Iterator<Map.Entry<String, JsonNode>> it = header.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode offsets = e.getValue().get("data_offsets");
            if (offsets != null && offsets.get(1).asLong() > end) {
                end = offsets.get(1).asLong();
                last = e.getKey();
            }
        }
        return last;
    }

    static void write(Path file, Map<String, Raw> tensors) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, Raw> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", e.getValue().dtype());
            Arrays.stream(e.getValue().shape()).forEach(t.putArray("shape")::add);
            t.putArray("data_offsets").add(offset).add(offset + e.getValue().data().length);
            offset += e.getValue().data().length;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json);
        tensors.values().forEach(r -> out.put(r.data()));
        Files.write(file, out.array());
    }

    static Raw f32(long[] shape, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return new Raw("F32", shape, b.array());
    }

    /** Stores 16-bit patterns as they are (for F16 and BF16). */
    static Raw bits16(String dtype, long[] shape, int... patterns) {
        ByteBuffer b = ByteBuffer.allocate(patterns.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int p : patterns) {
            b.putShort((short) p);
        }
        return new Raw(dtype, shape, b.array());
    }

    /** The same F32 tensor stored as F64 (a dtype the backend does not read). */
    static Raw asF64(Raw f32) {
        ByteBuffer in = ByteBuffer.wrap(f32.data()).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(f32.data().length * 2).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            out.putDouble(in.getFloat());
        }
        return new Raw("F64", f32.shape(), out.array());
    }
}
