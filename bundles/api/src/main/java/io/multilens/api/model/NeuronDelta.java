package io.multilens.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.multilens.api.data.Safetensors;
import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model fine-tuned on a few neurons, stored as the difference from its base: for each touched
 * weight, the rows ({@code axis} 0) or columns ({@code axis} 1) that changed, with their new
 * values. A folder with {@code delta.json} (this record) and {@code delta.safetensors} (values
 * {@code [n, in]} for rows, {@code [out, n]} for columns) can stand wherever a step takes
 * {@code model:}. Each entry remembers a hash of the base's original values, so a delta applied to
 * another base is refused instead of silently producing a different model.
 *
 * @param base relative to the delta folder, or absolute
 */
public record NeuronDelta(String base, List<Entry> entries, Map<String, Object> provenance) {

    public static final String FORMAT = "multilens.delta/1";
    public static final String FILE = "delta.json";
    public static final String VALUES = "delta.safetensors";

    /** One weight's changed slices. */
    public record Entry(String tensor, int axis, int[] indices, String originalSha256) {
        String key() {
            return tensor + (axis == 0 ? ".rows" : ".columns");
        }
    }

    public static boolean isDelta(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    public Path baseDir(Path deltaDir) {
        return deltaDir.resolve(base).normalize();
    }

    /** The current values of an entry's slices of {@code weight}: [n, in] or [out, n]. */
    public static float[] slices(NDArray weight, int axis, int[] indices) {
        try (NDArray idx = weight.getManager().create(java.util.Arrays.stream(indices).asLongStream().toArray());
             NDArray picked = weight.get(index(axis, idx))) {
            return picked.toFloatArray();
        }
    }

    /** The shape of {@code n} slices along {@code axis}: the weight's shape with that dimension set to n (biases: [n]). */
    public static Shape sliceShape(Shape weight, int axis, int n) {
        long[] s = weight.getShape().clone();
        s[axis] = n;
        return new Shape(s);
    }

    /** Advanced index of rows (axis 0) or columns (axis 1). */
    public static NDIndex index(int axis, NDArray indices) {
        return axis == 0 ? new NDIndex("{}", indices) : new NDIndex(":, {}", indices);
    }

    /** The hash that ties an entry to its base: SHA-256 of the float bits of the original slices. */
    public static String sha256(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return io.multilens.api.data.Sha256.hex(b.array());
    }

    public void write(Path dir, Map<String, float[]> valuesByTensorAndAxis, Map<String, long[]> shapes) throws IOException {
        Files.createDirectories(dir);
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
        List<Map<String, Object>> list = new ArrayList<>();
        for (Entry e : entries) {
            tensors.put(e.key(), new Safetensors.Tensor(valuesByTensorAndAxis.get(e.key()), shapes.get(e.key())));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tensor", e.tensor());
            m.put("axis", e.axis());
            m.put("indices", e.indices());
            m.put("original_sha256", e.originalSha256());
            list.add(m);
        }
        Safetensors.write(dir.resolve(VALUES), tensors, Map.of("format", FORMAT));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("base", base);
        root.put("entries", list);
        root.put("provenance", provenance);
        Files.writeString(dir.resolve(FILE), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
    }

    /** The map key of an entry's values in {@link #write}. */
    public static String key(String tensor, int axis) {
        return new Entry(tensor, axis, new int[0], "").key();
    }

    public static NeuronDelta read(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            if (!FORMAT.equals(root.path("format").asText())) {
                throw new StepFailure(file + ": not a multilens delta (expected \"format\": \"" + FORMAT + "\")");
            }
            List<Entry> entries = new ArrayList<>();
            for (JsonNode e : root.path("entries")) {
                int[] idx = new int[e.path("indices").size()];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = e.path("indices").get(i).asInt();
                }
                entries.add(new Entry(e.path("tensor").asText(), e.path("axis").asInt(), idx, e.path("original_sha256").asText()));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> provenance = new ObjectMapper().convertValue(root.path("provenance"), Map.class);
            return new NeuronDelta(root.path("base").asText(), entries, provenance == null ? Map.of() : provenance);
        } catch (IOException e) {
            throw new StepFailure(file + ": cannot read delta (" + e.getMessage() + ")");
        }
    }

    /**
     * Replaces the base model's slices with the delta's values, after checking that the base's
     * original values are those the delta was made from.
     */
    public void applyTo(TrainableModel model, Path deltaDir) {
        Map<String, Safetensors.Tensor> values;
        try {
            values = Safetensors.read(deltaDir.resolve(VALUES));
        } catch (IOException e) {
            throw new StepFailure(deltaDir.resolve(VALUES) + ": cannot read delta values (" + e.getMessage() + ")");
        }
        Map<String, NDArray> params = model.parameters();
        for (Entry e : entries) {
            NDArray w = params.get(e.tensor());
            if (w == null) {
                throw new StepFailure(deltaDir.resolve(FILE) + ": tensor " + e.tensor() + " is not in the base model "
                        + model.directory() + "; the delta belongs to another architecture");
            }
            if (!sha256(slices(w, e.axis(), e.indices())).equals(e.originalSha256())) {
                throw new StepFailure(deltaDir.resolve(FILE) + ": the base model " + model.directory() + " is not the one this"
                        + " delta was tuned from (" + e.tensor() + " differs); point 'base' at the original checkpoint");
            }
            Safetensors.Tensor v = values.get(e.key());
            long[] expected = sliceShape(w.getShape(), e.axis(), e.indices().length).getShape();
            if (v == null || !java.util.Arrays.equals(v.shape(), expected)) {
                throw new StepFailure(deltaDir.resolve(VALUES) + ": values of " + e.key() + " are missing or not "
                        + java.util.Arrays.toString(expected) + "; the delta is corrupt");
            }
            set(w, e.axis(), e.indices(), v.data());
        }
    }

    /** Writes slices ([n, in] or [out, n]) into a weight in place: rows (axis 0) or columns (axis 1). */
    public static void set(NDArray weight, int axis, int[] indices, float[] data) {
        Shape sliceShape = sliceShape(weight.getShape(), axis, indices.length);
        try (NDArray idx = weight.getManager().create(java.util.Arrays.stream(indices).asLongStream().toArray());
             NDArray values = weight.getManager().create(data, sliceShape)) {
            weight.set(index(axis, idx), values);
        }
    }
}
