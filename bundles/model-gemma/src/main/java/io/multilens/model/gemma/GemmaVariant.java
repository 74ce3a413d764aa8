package io.multilens.model.gemma;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.kit.RopeFrequencies;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.plugin.StepFailure;
import java.nio.file.Path;

/**
 * What Gemma-2 adds to the shared config, read from config.json. Options this backend cannot
 * honour fail here, by name, instead of giving silently wrong logits.
 *
 * @param scale              the factor of q·k: {@code query_pre_attn_scalar}^-0.5
 * @param attentionCap       {@code attn_logit_softcapping}: scores become cap·tanh(s/cap); 0 for none
 * @param finalCap           {@code final_logit_softcapping} of the logits; 0 for none
 * @param slidingWindow      keys further back than this are hidden on sliding layers
 * @param sliding            per layer: whether it attends through the sliding window
 * @param inverseFrequencies RoPE inverse frequencies, length head_dim/2
 */
record GemmaVariant(double scale, double attentionCap, double finalCap, int slidingWindow, boolean[] sliding,
                    double[] inverseFrequencies) {

    static final String GEMMA2 = "Gemma2ForCausalLM";

    static GemmaVariant of(Path file, JsonNode json, ModelConfig config) {
        if (!config.architecture().equals(GEMMA2)) {
            throw new StepFailure(file + ": architecture '" + config.architecture() + "' is not supported by the Gemma"
                    + " backend; supported: [" + GEMMA2 + "]");
        }
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
        double scalar = json.path("query_pre_attn_scalar").asDouble(config.headDim());
        if (!(scalar > 0)) {
            throw new StepFailure(file + ": query_pre_attn_scalar is " + json.get("query_pre_attn_scalar")
                    + "; it must be a positive number such as 256");
        }
        int window = json.path("sliding_window").canConvertToInt() ? json.get("sliding_window").asInt() : 0;
        boolean[] sliding = slidingLayers(file, json, config.numLayers());
        for (boolean s : sliding) {
            if (s && window <= 0) {
                throw new StepFailure(file + ": a layer is sliding_attention but sliding_window is " + json.get("sliding_window")
                        + "; set a positive window (Gemma-2 uses 4096)");
            }
        }
        double[] inv = RopeFrequencies.of(file, RopeFrequencies.scaling(file, json), config.headDim(), config.ropeTheta());
        return new GemmaVariant(1.0 / Math.sqrt(scalar), cap(file, json, "attn_logit_softcapping"),
                cap(file, json, "final_logit_softcapping"), window, sliding, inv);
    }

    /**
     * Which layers attend through the window: {@code layer_types} where config.json has it, else
     * Gemma-2's rule, every even layer (0, 2, 4, ...), as transformers' modeling_gemma2 sets it.
     */
    private static boolean[] slidingLayers(Path file, JsonNode json, int layers) {
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
        for (int i = 0; i < layers; i++) {
            sliding[i] = i % 2 == 0;
        }
        return sliding;
    }

    private static double cap(Path file, JsonNode json, String field) {
        JsonNode v = json.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return 0;
        }
        if (!v.isNumber() || !(v.asDouble() > 0)) {
            throw new StepFailure(file + ": '" + field + "' is " + v + "; it must be a positive number or null");
        }
        return v.asDouble();
    }
}
