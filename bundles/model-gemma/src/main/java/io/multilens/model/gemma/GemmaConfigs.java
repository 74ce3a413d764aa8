package io.multilens.model.gemma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.Map;

/**
 * The text model's config.json fields. Gemma-2 and Gemma-3's text-only checkpoints hold them at the
 * top level; a Gemma-3 multimodal checkpoint ({@code Gemma3ForConditionalGeneration}) holds them
 * in {@code text_config}, and both Gemma-3 forms leave out the fields whose transformers default
 * applies, which are filled in here (Gemma3TextConfig's defaults).
 */
final class GemmaConfigs {

    static final String GEMMA2 = "Gemma2ForCausalLM";
    static final String GEMMA3 = "Gemma3ForCausalLM";
    static final String GEMMA3_MULTIMODAL = "Gemma3ForConditionalGeneration";

    private static final Map<String, Object> GEMMA3_DEFAULTS = Map.ofEntries(
            Map.entry("vocab_size", 262208), Map.entry("hidden_size", 2304), Map.entry("intermediate_size", 9216),
            Map.entry("num_hidden_layers", 26), Map.entry("num_attention_heads", 8), Map.entry("num_key_value_heads", 4),
            Map.entry("head_dim", 256), Map.entry("hidden_activation", "gelu_pytorch_tanh"),
            Map.entry("max_position_embeddings", 131072), Map.entry("rms_norm_eps", 1e-6), Map.entry("rope_theta", 1e6),
            Map.entry("rope_local_base_freq", 1e4), Map.entry("query_pre_attn_scalar", 256),
            Map.entry("sliding_window", 4096), Map.entry("tie_word_embeddings", true),
            Map.entry("bos_token_id", 2), Map.entry("eos_token_id", 1), Map.entry("pad_token_id", 0));

    private GemmaConfigs() {
    }

    /** The text model's fields, with the checkpoint's architecture and stored type. */
    static ObjectNode text(Path modelDir) {
        return text(modelDir, (ObjectNode) ModelConfig.json(modelDir));
    }

    /** As {@link #text(Path)}, from config.json as already read ({@code top}). */
    static ObjectNode text(Path modelDir, ObjectNode top) {
        String architecture = top.path("architectures").path(0).asText("");
        if (!architecture.equals(GEMMA3) && !architecture.equals(GEMMA3_MULTIMODAL)) {
            return top;
        }
        ObjectNode text;
        if (architecture.equals(GEMMA3_MULTIMODAL)) {
            JsonNode nested = top.path("text_config");
            if (!nested.isObject()) {
                throw new StepFailure(modelDir.resolve(ModelConfig.FILE) + ": " + GEMMA3_MULTIMODAL
                        + " without a 'text_config' object; the text model's fields go there");
            }
            text = ((ObjectNode) nested).deepCopy();
            text.set("architectures", top.get("architectures"));
            if (!text.has("torch_dtype") && !text.has("dtype")) {
                text.put("torch_dtype", ModelConfig.torchDtype(top));
            }
            for (String shared : new String[] {"eos_token_id", "bos_token_id", "pad_token_id"}) {
                if (!text.has(shared) && top.has(shared)) {
                    text.set(shared, top.get(shared));
                }
            }
        } else {
            text = top.deepCopy();
        }
        for (Map.Entry<String, Object> d : GEMMA3_DEFAULTS.entrySet()) {
            if (!text.has(d.getKey()) || text.get(d.getKey()).isNull()) {
                text.putPOJO(d.getKey(), d.getValue());
            }
        }
        // putPOJO keeps Java values; round-trip so every field reads as JSON
        return (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(text);
    }

    static boolean gemma3(String architecture) {
        return architecture.equals(GEMMA3) || architecture.equals(GEMMA3_MULTIMODAL);
    }
}
