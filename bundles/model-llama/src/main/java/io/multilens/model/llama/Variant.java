package io.multilens.model.llama;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.kit.RopeFrequencies;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * What Llama, Mistral, Qwen2, Qwen3 and Phi-3 do differently, read from config.json (including the fields
 * {@link ModelConfig} does not carry). Options this backend cannot honour fail here, by name,
 * instead of giving silently wrong logits.
 *
 * @param qkvBias              q/k/v projections have biases (Qwen2)
 * @param qkNorm               queries and keys are RMS-normalised per head before RoPE (Qwen3's q_norm, k_norm)
 * @param fused                q, k, v stored as one qkv_proj and gate, up as one gate_up_proj (Phi-3)
 * @param slidingWindow        keys further back than this are not attended (Mistral); 0 for none
 * @param inverseFrequencies   RoPE inverse frequencies, length head_dim/2
 */
record Variant(String architecture, boolean qkvBias, boolean qkNorm, boolean fused, int slidingWindow,
               double[] inverseFrequencies) {

    static final String LLAMA = "LlamaForCausalLM";
    static final String MISTRAL = "MistralForCausalLM";
    static final String QWEN2 = "Qwen2ForCausalLM";
    static final String QWEN3 = "Qwen3ForCausalLM";
    static final String PHI3 = "Phi3ForCausalLM";
    static final Set<String> ARCHITECTURES = Set.of(LLAMA, MISTRAL, QWEN2, QWEN3, PHI3);

    /**
     * @param file the config.json that {@code json} and {@code config} were read from (for messages)
     */
    static Variant of(Path file, JsonNode json, ModelConfig config) {
        String arch = config.architecture();
        if (!ARCHITECTURES.contains(arch)) {
            throw new StepFailure(file + ": architecture '" + arch + "' is not supported by the Llama backend;"
                    + " supported: " + new TreeSet<>(ARCHITECTURES));
        }
        if (!config.hiddenAct().equals("silu") && !config.hiddenAct().equals("swish")) {
            throw new StepFailure(file + ": hidden_act '" + config.hiddenAct() + "' is not supported (only silu)");
        }
        if (config.headDim() % 2 != 0) {
            throw new StepFailure(file + ": head_dim " + config.headDim() + " is odd; RoPE needs an even head_dim");
        }
        refuse(file, json, "attention_bias", "biases on the attention projections of " + arch);
        refuse(file, json, "mlp_bias", "biases on the MLP projections");
        refuse(file, json, "use_sliding_window", "Qwen2's per-layer sliding-window attention");
        boolean qwen2 = arch.equals(QWEN2);
        int window = (arch.equals(MISTRAL) || arch.equals(PHI3)) && json.path("sliding_window").canConvertToInt()
                ? json.get("sliding_window").asInt() : 0;
        JsonNode partial = json.path("partial_rotary_factor");
        if (!partial.isMissingNode() && !partial.isNull() && partial.asDouble(1.0) != 1.0) {
            throw new StepFailure(file + ": partial_rotary_factor " + partial + " is not supported (RoPE on part of each"
                    + " head is not a Llama-family feature; only 1.0)");
        }
        double[] inv = RopeFrequencies.of(file, RopeFrequencies.scaling(file, json), config.headDim(), config.ropeTheta());
        return new Variant(arch, qwen2, arch.equals(QWEN3), arch.equals(PHI3), window, inv);
    }

    private static void refuse(Path file, JsonNode json, String field, String what) {
        if (json.path(field).asBoolean(false)) {
            throw new StepFailure(file + ": '" + field + "': true is not supported (" + what + ")");
        }
    }
}
