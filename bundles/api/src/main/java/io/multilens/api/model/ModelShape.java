package io.multilens.api.model;

import java.util.Map;

/**
 * The shape of a model to make with fresh weights (to train from scratch, to test or to
 * benchmark at a real size), in the words every architecture shares; anything else its
 * config.json needs goes in {@code config}, by its Hugging Face field name (e.g. {@code rope_theta},
 * {@code query_pre_attn_scalar}), and the backend fills in its family's defaults.
 *
 * @param architecture Hugging Face architecture name, e.g. {@code Qwen3ForCausalLM}
 * @param headDim      0 for hidden / heads
 * @param normEps      the epsilon of the norms (RMSNorm or LayerNorm); 0 for the family's default
 * @param maxPositions the context length config.json states; 0 for the family's default
 * @param torchDtype   what config.json says the weights are stored in (float32, float16, bfloat16)
 * @param config       further config.json fields, copied as given
 */
public record ModelShape(String architecture, int vocabSize, int hiddenSize, int intermediateSize, int layers,
                         int heads, int kvHeads, int headDim, boolean tied, double normEps, int maxPositions,
                         String torchDtype,
                         Map<String, Object> config) {

    public ModelShape {
        config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config)); // null values allowed: "cap": null
    }

    /** The head size: {@link #headDim()} where given, else hidden / heads. */
    public int resolvedHeadDim() {
        return headDim > 0 ? headDim : hiddenSize / heads;
    }
}
