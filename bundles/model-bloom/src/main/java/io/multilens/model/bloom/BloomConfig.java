package io.multilens.model.bloom;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;

/**
 * BLOOM's config.json in multilens's names. BLOOM has one key/value head per query head, an MLP
 * of 4 x hidden, LayerNorm (its epsilon goes in {@code rmsNormEps}), no rotary embeddings
 * ({@code ropeTheta} 0: ALiBi instead) and the LM head tied to the word embeddings.
 *
 * @param postLayerNormResidual {@code apply_residual_connection_post_layernorm}: the residual
 *                              branch starts after the block's LayerNorm instead of before it
 */
record BloomConfig(ModelConfig model, boolean postLayerNormResidual) {

    /** BLOOM checkpoints carry no position limit: ALiBi extrapolates. A context length for tools that ask. */
    static final int DEFAULT_CONTEXT = 2048;

    static BloomConfig read(Path modelDir, JsonNode c) {
        Path file = modelDir.resolve(ModelConfig.FILE);
        int hidden = positive(c, file, c.has("hidden_size") ? "hidden_size" : "n_embed");
        int heads = positive(c, file, c.has("n_head") ? "n_head" : "num_attention_heads");
        int layers = positive(c, file, c.has("n_layer") ? "n_layer" : "num_hidden_layers");
        if (hidden % heads != 0) {
            throw new StepFailure(file + ": hidden_size " + hidden + " is not a multiple of n_head " + heads);
        }
        double eps = c.path("layer_norm_epsilon").asDouble(1e-5);
        if (!(eps > 0 && eps < 1)) {
            throw new StepFailure(file + ": 'layer_norm_epsilon' is " + c.get("layer_norm_epsilon")
                    + "; it must be a small positive number such as 1e-5");
        }
        // pretraining_tp > 1 with slow_but_exact splits dense layers into slices whose products are
        // summed: the same maths, another summation order. Nothing else in BLOOM's config changes it.
        if (c.path("pretraining_tp").asInt(1) < 1) {
            throw new StepFailure(file + ": 'pretraining_tp' is " + c.get("pretraining_tp") + "; it must be 1 or more");
        }
        if (c.path("tie_word_embeddings").isBoolean() && !c.path("tie_word_embeddings").asBoolean()) {
            throw new StepFailure(file + ": tie_word_embeddings is false, but this BLOOM backend computes the head from"
                    + " the word embeddings; a BLOOM with its own lm_head is not supported");
        }
        JsonNode generation = ModelConfig.generationConfig(modelDir);
        int bos = c.path("bos_token_id").canConvertToInt() ? c.get("bos_token_id").asInt()
                : generation.path("bos_token_id").asInt(-1);
        ModelConfig model = new ModelConfig(
                c.path("architectures").path(0).asText("BloomForCausalLM"),
                c.path("model_type").asText("bloom"),
                positive(c, file, "vocab_size"),
                hidden,
                4 * hidden,
                layers,
                heads,
                heads,
                hidden / heads,
                eps,
                0.0,
                c.path("seq_length").asInt(DEFAULT_CONTEXT),
                true,
                "gelu_pytorch_tanh",
                bos,
                ModelConfig.eosIds(c, generation));
        return new BloomConfig(model, c.path("apply_residual_connection_post_layernorm").asBoolean(false));
    }

    private static int positive(JsonNode c, Path file, String field) {
        JsonNode v = c.get(field);
        if (v == null || !v.canConvertToInt() || v.asInt() <= 0) {
            throw new StepFailure(file + ": '" + field + "' must be a positive integer, got " + v);
        }
        return v.asInt();
    }
}
