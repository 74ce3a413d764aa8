package io.multilens.model.gemma;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.kit.RopeFrequencies;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;

/**
 * What Gemma-2 and Gemma-3 add to the shared config, read from the text model's config.json fields
 * ({@link GemmaConfigs#text}). Options this backend cannot honour fail here, by name, instead of
 * giving silently wrong logits.
 *
 * @param scale              the factor of q·k: {@code query_pre_attn_scalar}^-0.5
 * @param attentionCap       {@code attn_logit_softcapping}: scores become cap·tanh(s/cap); 0 for none
 * @param finalCap           {@code final_logit_softcapping} of the logits; 0 for none
 * @param slidingWindow      keys further back than this are hidden on sliding layers
 * @param sliding            per layer: whether it attends through the sliding window
 * @param inverseFrequencies RoPE inverse frequencies of the full-attention layers, length head_dim/2
 * @param localFrequencies   those of the sliding layers (Gemma-3: {@code rope_local_base_freq}, unscaled;
 *                           Gemma-2: the same as the full layers')
 * @param qkNorm             queries and keys are RMS-normalised per head, gain 1 + w, before RoPE (Gemma-3)
 */
record GemmaVariant(double scale, double attentionCap, double finalCap, int slidingWindow, boolean[] sliding,
                    double[] inverseFrequencies, double[] localFrequencies, boolean qkNorm) {

    static final String GEMMA2 = GemmaConfigs.GEMMA2;
    static final java.util.Set<String> ARCHITECTURES = java.util.Set.of(GemmaConfigs.GEMMA2, GemmaConfigs.GEMMA3,
            GemmaConfigs.GEMMA3_MULTIMODAL);

    static GemmaVariant of(Path file, JsonNode json, ModelConfig config) {
        if (!ARCHITECTURES.contains(config.architecture())) {
            throw new StepFailure(file + ": architecture '" + config.architecture() + "' is not supported by the Gemma"
                    + " backend; supported: " + new java.util.TreeSet<>(ARCHITECTURES));
        }
        boolean gemma3 = GemmaConfigs.gemma3(config.architecture());
        String act = json.path("hidden_activation").asText(json.path("hidden_act").asText("gelu_pytorch_tanh"));
        if (!act.equals("gelu_pytorch_tanh") && !act.equals("gelu_tanh")) {
            throw new StepFailure(file + ": hidden_activation '" + act + "' is not supported (only gelu_pytorch_tanh)");
        }
        if (json.path("attention_bias").asBoolean(false)) {
            throw new StepFailure(file + ": 'attention_bias': true is not supported (Gemma's projections have no biases)");
        }
        if (config.headDim() % 2 != 0) {
            throw new StepFailure(file + ": head_dim " + config.headDim() + " is odd; RoPE needs an even head_dim");
        }
        double scalar = json.path("query_pre_attn_scalar").asDouble(256);    // transformers' default for both
        if (!(scalar > 0)) {
            throw new StepFailure(file + ": query_pre_attn_scalar is " + json.get("query_pre_attn_scalar")
                    + "; it must be a positive number such as 256");
        }
        int window = json.path("sliding_window").canConvertToInt() ? json.get("sliding_window").asInt() : 0;
        boolean[] sliding = slidingLayers(file, json, config.numLayers(), gemma3);
        for (boolean s : sliding) {
            if (s && window <= 0) {
                throw new StepFailure(file + ": a layer is sliding_attention but sliding_window is " + json.get("sliding_window")
                        + "; set a positive window (Gemma-2 uses 4096)");
            }
        }
        double[] inv;
        double[] local;
        JsonNode byType = json.path("rope_parameters");
        if (byType.has("full_attention") || byType.has("sliding_attention")) {
            // transformers v5 writes Gemma-3's two RoPEs as one object per layer type
            inv = frequencies(file, byType.path("full_attention"), config, config.ropeTheta());
            local = frequencies(file, byType.path("sliding_attention"), config, 1e4);
        } else {
            inv = RopeFrequencies.of(file, RopeFrequencies.scaling(file, json), config.headDim(), config.ropeTheta());
            local = gemma3 ? RopeFrequencies.of(file, null, config.headDim(), json.path("rope_local_base_freq").asDouble(1e4))
                    : inv;
        }
        // absent caps take transformers' defaults (Gemma-2: 50 and 30, Gemma-3: none); an explicit null is none
        return new GemmaVariant(1.0 / Math.sqrt(scalar), cap(file, json, "attn_logit_softcapping", gemma3 ? 0 : 50),
                cap(file, json, "final_logit_softcapping", gemma3 ? 0 : 30), window, sliding, inv, local, gemma3);
    }

    /** One layer type's RoPE from transformers v5's {@code rope_parameters.{type}}: its theta and scaling. */
    private static double[] frequencies(Path file, JsonNode params, ModelConfig config, double defaultTheta) {
        double theta = params.path("rope_theta").asDouble(defaultTheta);
        return RopeFrequencies.of(file, params.isObject() ? params : null, config.headDim(), theta);
    }

    /**
     * Which layers attend through the window: {@code layer_types} where config.json has it, else
     * Gemma-2's rule, every even layer (0, 2, 4, ...), as transformers' modeling_gemma2 sets it, or
     * Gemma-3's: every layer but each {@code sliding_window_pattern}-th (default 6).
     */
    private static boolean[] slidingLayers(Path file, JsonNode json, int layers, boolean gemma3) {
        boolean[] sliding = new boolean[layers];
        JsonNode types = json.path("layer_types");
        if (types.isArray()) {
            if (types.size() != layers) {
                throw new StepFailure(file + ": layer_types has " + types.size() + " entries for " + layers + " layers");
            }
            for (int i = 0; i < layers; i++) {
                String type = types.get(i).asText();
                if (!type.equals("sliding_attention") && !type.equals("full_attention")) {
                    throw new StepFailure(file + ": layer_types[" + i + "] is '" + type
                            + "'; expected sliding_attention or full_attention");
                }
                sliding[i] = type.equals("sliding_attention");
            }
            return sliding;
        }
        int pattern = json.path("sliding_window_pattern").asInt(6);
        if (gemma3 && pattern <= 0) {
            throw new StepFailure(file + ": sliding_window_pattern " + pattern + " must be a positive whole number");
        }
        for (int i = 0; i < layers; i++) {
            sliding[i] = gemma3 ? (i + 1) % pattern != 0 : i % 2 == 0;
        }
        return sliding;
    }

    private static double cap(Path file, JsonNode json, String field, double absent) {
        JsonNode v = json.path(field);
        if (v.isMissingNode()) {
            return absent;
        }
        if (v.isNull()) {
            return 0;
        }
        if (!v.isNumber() || !(v.asDouble() > 0)) {
            throw new StepFailure(file + ": '" + field + "' is " + v + "; it must be a positive number or null");
        }
        return v.asDouble();
    }
}
