package io.multilens.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.plugin.StepFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The parts of a Hugging Face {@code config.json} that decoder-only transformers of the Llama
 * family share. Missing optional fields take Hugging Face's defaults.
 */
public record ModelConfig(String architecture, String modelType, int vocabSize, int hiddenSize,
                          int intermediateSize, int numLayers, int numHeads, int numKvHeads, int headDim,
                          double rmsNormEps, double ropeTheta, int maxPositions, boolean tieWordEmbeddings,
                          String hiddenAct, int bosTokenId, int eosTokenId) {

    public int qDim() {
        return numHeads * headDim;
    }

    public int kvDim() {
        return numKvHeads * headDim;
    }

    /** How many neurons a group of this structure has in one layer. */
    public int groupSize(io.multilens.api.neurons.Structure s) {
        return switch (s) {
            case Q, O -> qDim();
            case K, V -> kvDim();
            case FFN -> intermediateSize;
        };
    }

    public static ModelConfig read(Path modelDir) {
        Path file = modelDir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new StepFailure(file + ": no config.json; 'model:' must be a Hugging Face checkpoint folder");
        }
        JsonNode c;
        try {
            c = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new StepFailure(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        JsonNode archs = c.path("architectures");
        if (!archs.isArray() || archs.isEmpty()) {
            throw new StepFailure(file + ": 'architectures' is missing; add e.g. [\"LlamaForCausalLM\"]");
        }
        int hidden = required(c, file, "hidden_size");
        int heads = required(c, file, "num_attention_heads");
        if (hidden % heads != 0 && !c.has("head_dim")) {
            throw new StepFailure(file + ": hidden_size " + hidden + " is not a multiple of num_attention_heads "
                    + heads + "; set head_dim");
        }
        int kvHeads = c.path("num_key_value_heads").asInt(heads);
        if (heads % kvHeads != 0) {
            throw new StepFailure(file + ": num_attention_heads " + heads
                    + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        String arch = archs.get(0).asText();
        return new ModelConfig(arch,
                c.path("model_type").asText(""),
                required(c, file, "vocab_size"),
                hidden,
                required(c, file, "intermediate_size"),
                required(c, file, "num_hidden_layers"),
                heads,
                kvHeads,
                c.path("head_dim").isInt() ? c.get("head_dim").asInt() : hidden / heads,
                c.path("rms_norm_eps").asDouble(1e-6),
                c.path("rope_theta").asDouble(10000.0),
                c.path("max_position_embeddings").asInt(2048),
                c.path("tie_word_embeddings").asBoolean(false),
                c.path("hidden_act").asText("silu"),
                c.path("bos_token_id").asInt(-1),
                c.path("eos_token_id").isArray() ? c.get("eos_token_id").get(0).asInt(-1) : c.path("eos_token_id").asInt(-1));
    }

    private static int required(JsonNode c, Path file, String field) {
        JsonNode v = c.get(field);
        if (v == null || !v.canConvertToInt() || v.asInt() <= 0) {
            throw new StepFailure(file + ": '" + field + "' must be a positive integer, got " + v);
        }
        return v.asInt();
    }
}
