package io.multilens.plnd.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A test-side safetensors reader (F32 only), independent of the writer, following the format's spec. */
public record SafetensorsFile(long headerLength, JsonNode header, ByteBuffer data) {

    public static SafetensorsFile read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode header = new ObjectMapper().readTree(new String(all, 8, (int) n, StandardCharsets.UTF_8));
        ByteBuffer data = ByteBuffer.wrap(all, 8 + (int) n, all.length - 8 - (int) n).slice().order(ByteOrder.LITTLE_ENDIAN);
        return new SafetensorsFile(n, header, data);
    }

    /** Tensor names in data order. */
    public List<String> names() {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = header.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("__metadata__")) {
                entries.add(e);
            }
        }
        entries.sort((a, b) -> Long.compare(a.getValue().get("data_offsets").get(0).asLong(),
                b.getValue().get("data_offsets").get(0).asLong()));
        return entries.stream().map(Map.Entry::getKey).toList();
    }

    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        header.path("__metadata__").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    public long[] shape(String name) {
        JsonNode s = header.get(name).get("shape");
        long[] out = new long[s.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.get(i).asLong();
        }
        return out;
    }

    public float[] floats(String name) {
        JsonNode t = header.get(name);
        if (!"F32".equals(t.get("dtype").asText())) {
            throw new IllegalStateException(name + " is " + t.get("dtype"));
        }
        int from = t.get("data_offsets").get(0).asInt();
        int to = t.get("data_offsets").get(1).asInt();
        float[] out = new float[(to - from) / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = data.getFloat(from + 4 * i);
        }
        return out;
    }

    /** Row d of a [documents, neurons] tensor. */
    public float[] row(String name, int d) {
        long[] shape = shape(name);
        float[] all = floats(name);
        float[] out = new float[(int) shape[1]];
        System.arraycopy(all, d * out.length, out, 0, out.length);
        return out;
    }
}
