package io.multilens.train;

import io.multilens.api.model.ByteTokenizerJson;
import io.multilens.api.model.ModelShape;
import io.multilens.api.status.StepFailure;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of a model trained from scratch, as written into its {@code config.json}: a Llama
 * ({@code model_type: llama}, the default) or a BLOOM ({@code model_type: bloom}: ALiBi instead of
 * RoPE, LayerNorm with {@code rms_norm_eps} as its epsilon, an MLP of 4 x hidden, one key/value head
 * per query head, head tied to the embeddings).
 */
public record ArchitectureSpec(String modelType, int hiddenSize, int intermediateSize, int layers, int heads, int kvHeads,
                               double ropeTheta, double rmsNormEps, int maxPositions, boolean tieEmbeddings) {

    public static final Map<String, Object> DEFAULTS = defaults();

    private static Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model_type", "llama");
        d.put("hidden_size", 128L);
        d.put("intermediate_size", 344L);
        d.put("num_hidden_layers", 4L);
        d.put("num_attention_heads", 4L);
        d.put("num_key_value_heads", 4L);
        d.put("rope_theta", 10000.0);
        d.put("rms_norm_eps", 1e-5);
        d.put("max_position_embeddings", 1024L);
        d.put("tie_word_embeddings", false);
        return d;
    }

    /** From the workflow's {@code architecture:} map, unknown keys refused, defaults filled in. */
    public static ArchitectureSpec of(Map<String, Object> given) {
        for (String k : given.keySet()) {
            if (!DEFAULTS.containsKey(k)) {
                throw new StepFailure("architecture: unknown key '" + k + "'; known: " + String.join(", ", DEFAULTS.keySet()));
            }
        }
        Map<String, Object> a = new LinkedHashMap<>(DEFAULTS);
        a.putAll(given);
        String type = String.valueOf(a.get("model_type"));
        if (!type.equals("llama") && !type.equals("bloom")) {
            throw new StepFailure("architecture.model_type: '" + type + "' is not one of llama, bloom");
        }
        if (type.equals("bloom")) {
            // BLOOM's shape is fixed where Llama's is free: say so rather than ignore a given value
            long hidden = i(a, "hidden_size");
            for (Map.Entry<String, Object> fixed : Map.<String, Object>of("intermediate_size", 4 * hidden,
                    "num_key_value_heads", a.get("num_attention_heads"), "tie_word_embeddings", true).entrySet()) {
                if (given.containsKey(fixed.getKey()) && !String.valueOf(given.get(fixed.getKey())).equals(String.valueOf(fixed.getValue()))) {
                    throw new StepFailure("architecture." + fixed.getKey() + " is " + fixed.getValue() + " in BLOOM (got "
                            + given.get(fixed.getKey()) + "); leave it out");
                }
                a.put(fixed.getKey(), fixed.getValue());
            }
        }
        ArchitectureSpec spec = new ArchitectureSpec(type, i(a, "hidden_size"), i(a, "intermediate_size"), i(a, "num_hidden_layers"),
                i(a, "num_attention_heads"), i(a, "num_key_value_heads"), d(a, "rope_theta"), d(a, "rms_norm_eps"),
                i(a, "max_position_embeddings"), Boolean.TRUE.equals(a.get("tie_word_embeddings")));
        if (spec.hiddenSize % spec.heads != 0 || spec.heads % spec.kvHeads != 0 || (spec.hiddenSize / spec.heads) % 2 != 0) {
            throw new StepFailure("architecture: hidden_size must split into num_attention_heads heads of even size,"
                    + " and num_attention_heads must be a multiple of num_key_value_heads");
        }
        return spec;
    }

    public boolean bloom() {
        return modelType.equals("bloom");
    }

    public int headDim() {
        return hiddenSize / heads;
    }

    /**
     * The shape for the backend of this model type, which writes config.json and names the
     * tensors: a byte-level model (the byte tokenizer's vocabulary and special ids), stored in float32.
     */
    public ModelShape shape() {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (!bloom()) {
            extra.put("rope_theta", ropeTheta);                  // BLOOM positions by ALiBi: no theta
        }
        extra.put("bos_token_id", ByteTokenizerJson.BOS);
        extra.put("eos_token_id", ByteTokenizerJson.EOS);
        return new ModelShape(bloom() ? "BloomForCausalLM" : "LlamaForCausalLM", ByteTokenizerJson.VOCAB_SIZE,
                hiddenSize, intermediateSize, layers, heads, kvHeads, 0, tieEmbeddings, rmsNormEps, maxPositions,
                "float32", extra);
    }

    private static int i(Map<String, Object> a, String k) {
        Object v = a.get(k);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() <= 0) {
            throw new StepFailure("architecture." + k + " must be a positive integer, got " + v);
        }
        return n.intValue();
    }

    private static double d(Map<String, Object> a, String k) {
        Object v = a.get(k);
        if (!(v instanceof Number n) || n.doubleValue() <= 0) {
            throw new StepFailure("architecture." + k + " must be a positive number, got " + v);
        }
        return n.doubleValue();
    }
}
