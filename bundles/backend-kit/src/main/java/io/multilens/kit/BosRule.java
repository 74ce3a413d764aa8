package io.multilens.kit;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether encoding puts a BOS token first. tokenizer.json decides when it has a post-processor;
 * when it has none, {@code add_bos_token} of tokenizer_config.json does (as transformers'
 * Llama-style tokenizers do), with the model's bos id or the id of tokenizer_config's
 * {@code bos_token}.
 */
public final class BosRule {

    private BosRule() {
    }

    /** The id to put first, or -1 when nothing is to be added by multilens. */
    public static int prependedBos(Path modelDir, int configBos, HuggingFaceTokenizer tokenizer) {
        Path config = modelDir.resolve("tokenizer_config.json");
        if (!Files.isRegularFile(config) || hasPostProcessor(modelDir.resolve("tokenizer.json"))) {
            return -1;
        }
        JsonNode c;
        try {
            c = new ObjectMapper().readTree(config.toFile());
        } catch (IOException e) {
            throw new StepFailure(config + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (c == null || !c.path("add_bos_token").asBoolean(false)) {
            return -1;
        }
        if (configBos >= 0) {
            return configBos;
        }
        JsonNode bos = c.path("bos_token");
        String text = bos.isTextual() ? bos.asText() : bos.path("content").asText("");
        long[] ids = text.isEmpty() ? new long[0] : tokenizer.encode(text, false, false).getIds();
        if (ids.length != 1) {
            throw new StepFailure(config + ": add_bos_token is true but the BOS token " + bos
                    + " is not a single token of tokenizer.json; set bos_token_id in config.json");
        }
        return Math.toIntExact(ids[0]);
    }

    /** Whether tokenizer.json has a non-null top-level post_processor (streamed: the file can be tens of MB). */
    public static boolean hasPostProcessor(Path tokenizerJson) {
        try (JsonParser p = new JsonFactory().createParser(tokenizerJson.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.getCurrentName();
                JsonToken value = p.nextToken();
                if (name.equals("post_processor")) {
                    return value != JsonToken.VALUE_NULL;
                }
                p.skipChildren();
            }
            return false;
        } catch (IOException e) {
            throw new StepFailure(tokenizerJson + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }
}
