package io.multilens.model.llama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.plugin.StepFailure;
import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint's config.json as a JSON tree: read once at load, for the fields ModelConfig does not carry and for saving. */
final class ConfigJson {

    private ConfigJson() {
    }

    static ObjectNode read(Path file) {
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new StepFailure(file + ": cannot read (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!(json instanceof ObjectNode object)) {
            throw new StepFailure(file + ": not a JSON object");
        }
        return object;
    }

    /** The checkpoint's stored type: {@code torch_dtype}, or {@code dtype} as transformers v5 names it; "" when absent. */
    static String torchDtype(ObjectNode json) {
        String named = json.path("torch_dtype").asText("");
        return named.isEmpty() ? json.path("dtype").asText("") : named;
    }
}
