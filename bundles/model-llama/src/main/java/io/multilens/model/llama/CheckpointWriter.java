package io.multilens.model.llama;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.data.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves a model as a Hugging Face checkpoint that transformers and this backend load:
 * config.json (marked float32), model.safetensors (float32, format "pt" as transformers
 * requires) and the tokenizer files of the folder the model came from.
 */
final class CheckpointWriter {

    private static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "tokenizer.model", "generation_config.json");

    private CheckpointWriter() {
    }

    static void save(Path target, ObjectNode config, Map<String, NDArray> parameters, Path source) throws IOException {
        Files.createDirectories(target);
        ObjectNode out = config.deepCopy();
        out.put("torch_dtype", "float32");
        Files.writeString(target.resolve("config.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
        parameters.forEach((name, a) -> tensors.put(name, new Safetensors.Tensor(a.toFloatArray(), a.getShape().getShape())));
        Safetensors.write(target.resolve(Checkpoint.SINGLE), tensors, Map.of("format", "pt"));
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
