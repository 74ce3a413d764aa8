package io.multilens.kit;

import io.multilens.api.data.TensorEntry;
import io.multilens.api.data.SafetensorsFile;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint folder's tensors: either one {@code model.safetensors} or the shards that
 * {@code model.safetensors.index.json} maps each tensor to. Loads check shapes against what
 * {@code config.json} implies, so a config that does not match the weights fails by name.
 */
public final class Checkpoint implements AutoCloseable {

    public static final String SINGLE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";

    private final Path dir;
    /** The file that says where tensors are: the single file or the index. */
    private final Path source;
    private final Map<String, SafetensorsFile> byTensor;
    private final List<SafetensorsFile> files;

    private Checkpoint(Path dir, Path source, Map<String, SafetensorsFile> byTensor, List<SafetensorsFile> files) {
        this.dir = dir;
        this.source = source;
        this.byTensor = byTensor;
        this.files = files;
    }

    public static Checkpoint open(Path dir) {
        Path single = dir.resolve(SINGLE);
        Path index = dir.resolve(INDEX);
        if (Files.isRegularFile(single)) {
            SafetensorsFile file = SafetensorsFile.open(single);
            Map<String, SafetensorsFile> byTensor = new HashMap<>();
            file.names().forEach(n -> byTensor.put(n, file));
            return new Checkpoint(dir, single, byTensor, List.of(file));
        }
        if (Files.isRegularFile(index)) {
            return openSharded(dir, index);
        }
        throw new StepFailure(dir + ": no " + SINGLE + " or " + INDEX
                + "; the backend reads Hugging Face safetensors checkpoints (save with safe_serialization=True)");
    }

    private static Checkpoint openSharded(Path dir, Path index) {
        JsonNode weightMap;
        try {
            weightMap = new ObjectMapper().readTree(index.toFile()).path("weight_map");
        } catch (IOException e) {
            throw new StepFailure(index + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!weightMap.isObject()) {
            throw new StepFailure(index + ": no 'weight_map' object mapping tensor names to shard files");
        }
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        Map<String, SafetensorsFile> byTensor = new HashMap<>();
        try {
            Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String shardName = e.getValue().asText();
                Path shard = dir.resolve(shardName).normalize();
                if (!shard.getParent().equals(dir.normalize()) || !Files.isRegularFile(shard)) {
                    throw new StepFailure(index + ": weight_map puts tensor '" + e.getKey() + "' in '" + shardName
                            + "', which is not a file in " + dir);
                }
                byTensor.put(e.getKey(), shards.computeIfAbsent(shardName, n -> SafetensorsFile.open(shard)));
            }
        } catch (RuntimeException e) {
            shards.values().forEach(SafetensorsFile::close);
            throw e;
        }
        return new Checkpoint(dir, index, byTensor, new ArrayList<>(shards.values()));
    }

    public boolean has(String name) {
        SafetensorsFile file = byTensor.get(name);
        return file != null && file.entry(name) != null;
    }

    /** Loads a tensor as float32 after checking its shape against the one config.json implies. */
    public NDArray load(NDManager manager, String name, long... expectedShape) {
        entry(name, expectedShape);
        return byTensor.get(name).read(manager, name);
    }

    /** The file a tensor is in (after {@link #entry} found it). */
    public SafetensorsFile file(String name) {
        return byTensor.get(name);
    }

    /** Every tensor name the checkpoint holds. */
    public java.util.Set<String> names() {
        return byTensor.keySet();
    }

    /** A tensor's header entry after checking its shape against the one config.json implies. */
    public TensorEntry entry(String name, long... expectedShape) {
        SafetensorsFile file = byTensor.get(name);
        if (file == null) {
            throw new StepFailure(source + ": no tensor '" + name + "'; the checkpoint is incomplete or not of the"
                    + " architecture config.json names");
        }
        TensorEntry entry = file.entry(name);
        if (entry == null) {
            throw new StepFailure(source + " puts tensor '" + name + "' in " + file.path()
                    + ", which does not hold it; the checkpoint is incomplete");
        }
        if (!Arrays.equals(entry.shape(), expectedShape)) {
            throw new StepFailure(file.path() + ": tensor '" + name + "' has shape " + Arrays.toString(entry.shape())
                    + " but " + dir.resolve("config.json") + " implies " + Arrays.toString(expectedShape)
                    + "; the config does not match the weights");
        }
        if (entry.dtype() == null || !entry.dtype().decodable()) {
            throw new StepFailure(file.path() + ": tensor '" + name + "' has dtype " + entry.dtypeName()
                    + "; this backend reads F32, F16 and BF16 weights");
        }
        return entry;
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
