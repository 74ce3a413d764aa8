package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.data.SafetensorsWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Saves a model as a Hugging Face checkpoint that transformers and this backend load:
 * config.json (marked float32), model.safetensors (float32, format "pt" as transformers
 * requires, streamed tensor by tensor) and the tokenizer files of the folder the model came from.
 */
public final class CheckpointWriter {

    private static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "tokenizer.model", "generation_config.json");

    private CheckpointWriter() {
    }

    public static void save(Path target, ObjectNode config, Map<String, NDArray> parameters, Path source) throws IOException {
        Files.createDirectories(target);
        ObjectNode out = config.deepCopy();
        out.put("torch_dtype", "float32");
        Files.writeString(target.resolve("config.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
        List<String> names = new ArrayList<>(parameters.keySet());
        List<SafetensorsWriter.Header> headers = new ArrayList<>();
        for (String name : names) {
            headers.add(new SafetensorsWriter.Header(name, "F32", parameters.get(name).getShape().getShape()));
        }
        // Tensor by tensor (one tensor's copy at a time, never the whole model on the Java heap). A
        // copy rather than a view of the engine's memory: the model may be trained on right after.
        SafetensorsWriter.write(target.resolve(Checkpoint.SINGLE), headers, Map.of("format", "pt"), (i, channel) -> {
            ByteBuffer bytes = parameters.get(names.get(i)).toByteBuffer();
            if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
                throw new IOException("saving checkpoints needs a little-endian host");
            }
            SafetensorsWriter.writeFully(channel, bytes.duplicate().rewind());
        });
        for (String name : TOKENIZER_FILES) {
            Path from = source.resolve(name);
            Path to = target.resolve(name);
            boolean saveInPlace = Files.exists(to) && Files.isSameFile(from, to);
            if (Files.isRegularFile(from) && !saveInPlace) {
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
