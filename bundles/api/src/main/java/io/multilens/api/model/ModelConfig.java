package io.multilens.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The parts of a Hugging Face {@code config.json} that decoder-only transformers share, in
 * multilens's names. {@link #read} parses the Llama family's field names; other backends build
 * one from their own. Missing optional fields take Hugging Face's defaults.
 *
 * @param ropeTheta         from transformers v5's {@code rope_parameters.rope_theta} or the older top-level
 *                          {@code rope_theta}
 * @param tieWordEmbeddings null when config.json does not say (the backend decides from the checkpoint)
 * @param eosTokenIds       every id that ends generation: config.json's and generation_config.json's
 *                          {@code eos_token_id} (a number or a list), in that file order, without repeats
 */
public record ModelConfig(String architecture, String modelType, int vocabSize, int hiddenSize,
                          int intermediateSize, int numLayers, int numHeads, int numKvHeads, int headDim,
                          double rmsNormEps, double ropeTheta, int maxPositions, Boolean tieWordEmbeddings,
                          String hiddenAct, int bosTokenId, List<Integer> eosTokenIds) {

    public static final String FILE = "config.json";
    public static final String GENERATION_FILE = "generation_config.json";

    public ModelConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    public int qDim() {
        return numHeads * headDim;
    }

    public int kvDim() {
        return numKvHeads * headDim;
    }

    /** The first end-of-sequence id, or -1. */
    public int eosTokenId() {
        return eosTokenIds.isEmpty() ? -1 : eosTokenIds.get(0);
    }

    /** How many neurons a group of this structure has in one layer. */
    public int groupSize(io.multilens.api.neurons.Structure s) {
        return switch (s) {
            case Q, O -> qDim();
            case K, V -> kvDim();
            case FFN -> intermediateSize;
        };
    }

    /** config.json as a tree; a clear failure when it is missing or not JSON. */
    public static JsonNode json(Path modelDir) {
        Path file = modelDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new StepFailure(file + ": no config.json; 'model:' must be a Hugging Face checkpoint folder");
        }
        JsonNode c;
        try {
            c = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new StepFailure(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (c == null || !c.isObject()) {
            throw new StepFailure(file + ": not a JSON object");
        }
        return c;
    }

    /**
     * The checkpoint's architecture, the first of config.json's {@code architectures}: read before
     * anything else so that a model no installed backend runs is named as such, not as a missing field.
     */
    public static String architecture(Path modelDir) {
        return architecture(json(modelDir), modelDir.resolve(FILE));
    }

    private static String architecture(JsonNode c, Path file) {
        JsonNode archs = c.path("architectures");
        if (!archs.isArray() || archs.isEmpty() || !archs.get(0).isTextual()) {
            throw new StepFailure(file + ": 'architectures' is missing; add e.g. [\"LlamaForCausalLM\"]");
        }
        return archs.get(0).asText();
    }

    /** The checkpoint's stored type: {@code torch_dtype}, or {@code dtype} as transformers v5 names it; "" when absent. */
    public static String torchDtype(JsonNode c) {
        String named = c.path("torch_dtype").asText("");
        return named.isEmpty() ? c.path("dtype").asText("") : named;
    }

    /** Reads a Llama-family config.json (and generation_config.json when present). */
    public static ModelConfig read(Path modelDir) {
        return read(modelDir, json(modelDir));
    }

    /** As {@link #read(Path)}, from config.json already parsed by {@link #json}. */
    public static ModelConfig read(Path modelDir, JsonNode c) {
        Path file = modelDir.resolve(FILE);
        String arch = architecture(c, file);
        int hidden = required(c, file, "hidden_size");
        int heads = required(c, file, "num_attention_heads");
        if (hidden % heads != 0 && !c.has("head_dim")) {
            throw new StepFailure(file + ": hidden_size " + hidden + " is not a multiple of num_attention_heads "
                    + heads + "; set head_dim");
        }
        int kvHeads = c.path("num_key_value_heads").isNull() ? heads : c.path("num_key_value_heads").asInt(heads);
        if (kvHeads <= 0 || heads % kvHeads != 0) {
            throw new StepFailure(file + ": num_attention_heads " + heads
                    + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        double eps = c.path("rms_norm_eps").asDouble(1e-6);
        if (!(eps > 0 && eps < 1)) {
            throw new StepFailure(file + ": 'rms_norm_eps' is " + c.get("rms_norm_eps") + "; it must be a small positive"
                    + " number such as 1e-5");
        }
        double theta = ropeTheta(c);
        if (!(theta > 0) || Double.isInfinite(theta)) {
            throw new StepFailure(file + ": rope_theta is " + theta + "; it must be a positive number such as 10000");
        }
        JsonNode generation = generationConfig(modelDir);
        JsonNode tie = c.get("tie_word_embeddings");
        int bos = c.path("bos_token_id").canConvertToInt() ? c.get("bos_token_id").asInt()
                : generation.path("bos_token_id").asInt(-1);
        return new ModelConfig(arch,
                c.path("model_type").asText(""),
                required(c, file, "vocab_size"),
                hidden,
                required(c, file, "intermediate_size"),
                required(c, file, "num_hidden_layers"),
                heads,
                kvHeads,
                c.path("head_dim").isInt() ? c.get("head_dim").asInt() : hidden / heads,
                eps,
                theta,
                c.path("max_position_embeddings").asInt(2048),
                tie == null || tie.isNull() ? null : tie.asBoolean(),
                c.path("hidden_act").asText("silu"),
                bos,
                eosIds(c, generation));
    }

    /** rope_theta from transformers v5's {@code rope_parameters} or the top level; 10000 when neither says. */
    public static double ropeTheta(JsonNode c) {
        JsonNode params = c.path("rope_parameters");
        if (params.path("rope_theta").isNumber()) {
            return params.get("rope_theta").asDouble();
        }
        return c.path("rope_theta").asDouble(10000.0);
    }

    /** generation_config.json beside config.json, or an empty object. */
    public static JsonNode generationConfig(Path modelDir) {
        Path file = modelDir.resolve(GENERATION_FILE);
        if (!Files.isRegularFile(file)) {
            return new ObjectMapper().createObjectNode();
        }
        try {
            JsonNode g = new ObjectMapper().readTree(file.toFile());
            return g == null ? new ObjectMapper().createObjectNode() : g;
        } catch (IOException e) {
            throw new StepFailure(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /** config.json's then generation_config.json's {@code eos_token_id}s, each a number or a list. */
    public static List<Integer> eosIds(JsonNode config, JsonNode generation) {
        Set<Integer> ids = new LinkedHashSet<>();
        for (JsonNode source : List.of(config, generation)) {
            JsonNode eos = source.path("eos_token_id");
            if (eos.isArray()) {
                eos.forEach(e -> {
                    if (e.canConvertToInt()) {
                        ids.add(e.asInt());
                    }
                });
            } else if (eos.canConvertToInt()) {
                ids.add(eos.asInt());
            }
        }
        return new ArrayList<>(ids);
    }

    private static int required(JsonNode c, Path file, String field) {
        JsonNode v = c.get(field);
        if (v == null || !v.canConvertToInt() || v.asInt() <= 0) {
            throw new StepFailure(file + ": '" + field + "' must be a positive integer, got " + v);
        }
        return v.asInt();
    }
}
