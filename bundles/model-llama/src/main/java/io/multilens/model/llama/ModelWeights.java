package io.multilens.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.LayerWeights;
import io.multilens.api.model.ModelConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All parameters of a Llama-family decoder, float32, in Hugging Face layout ({@code [out, in]}).
 *
 * @param lmHead the embedding matrix itself when the embeddings are tied
 */
record ModelWeights(NDArray embed, List<DecoderLayer> layers, NDArray norm, NDArray lmHead) {

    static ModelWeights load(Checkpoint ckpt, ModelConfig c, Variant variant, NDManager manager) {
        long h = c.hiddenSize();
        NDArray embed = ckpt.load(manager, "model.embed_tokens.weight", c.vocabSize(), h);
        List<DecoderLayer> layers = new ArrayList<>();
        for (int i = 0; i < c.numLayers(); i++) {
            layers.add(layer(ckpt, c, variant, manager, "model.layers." + i + "."));
        }
        NDArray norm = ckpt.load(manager, "model.norm.weight", h);
        boolean tied = c.tieWordEmbeddings() || (variant.tieWhenNoLmHead() && !ckpt.has("lm_head.weight"));
        NDArray lmHead = tied ? embed : ckpt.load(manager, "lm_head.weight", c.vocabSize(), h);
        return new ModelWeights(embed, List.copyOf(layers), norm, lmHead);
    }

    /**
     * Every parameter by its Hugging Face name, as stored (the arrays themselves, not copies). A
     * tied lm_head is the embedding and is listed once, under the embedding's name.
     */
    Map<String, NDArray> byName() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("model.embed_tokens.weight", embed);
        for (int i = 0; i < layers.size(); i++) {
            String p = "model.layers." + i + ".";
            DecoderLayer l = layers.get(i);
            LayerWeights w = l.proj();
            out.put(p + "input_layernorm.weight", l.inputNorm());
            out.put(p + "self_attn.q_proj.weight", w.q());
            out.put(p + "self_attn.k_proj.weight", w.k());
            out.put(p + "self_attn.v_proj.weight", w.v());
            out.put(p + "self_attn.o_proj.weight", w.o());
            if (w.qBias() != null) {
                out.put(p + "self_attn.q_proj.bias", w.qBias());
                out.put(p + "self_attn.k_proj.bias", w.kBias());
                out.put(p + "self_attn.v_proj.bias", w.vBias());
            }
            out.put(p + "post_attention_layernorm.weight", l.postAttentionNorm());
            out.put(p + "mlp.gate_proj.weight", w.gate());
            out.put(p + "mlp.up_proj.weight", w.up());
            out.put(p + "mlp.down_proj.weight", w.down());
        }
        out.put("model.norm.weight", norm);
        if (lmHead != embed) {
            out.put("lm_head.weight", lmHead);
        }
        return out;
    }

    private static DecoderLayer layer(Checkpoint ckpt, ModelConfig c, Variant v, NDManager m, String p) {
        long h = c.hiddenSize();
        long i = c.intermediateSize();
        String attn = p + "self_attn.";
        String mlp = p + "mlp.";
        LayerWeights proj = new LayerWeights(
                ckpt.load(m, attn + "q_proj.weight", c.qDim(), h),
                ckpt.load(m, attn + "k_proj.weight", c.kvDim(), h),
                ckpt.load(m, attn + "v_proj.weight", c.kvDim(), h),
                ckpt.load(m, attn + "o_proj.weight", h, c.qDim()),
                v.qkvBias() ? ckpt.load(m, attn + "q_proj.bias", c.qDim()) : null,
                v.qkvBias() ? ckpt.load(m, attn + "k_proj.bias", c.kvDim()) : null,
                v.qkvBias() ? ckpt.load(m, attn + "v_proj.bias", c.kvDim()) : null,
                ckpt.load(m, mlp + "gate_proj.weight", i, h),
                ckpt.load(m, mlp + "up_proj.weight", i, h),
                ckpt.load(m, mlp + "down_proj.weight", h, i));
        return new DecoderLayer(ckpt.load(m, p + "input_layernorm.weight", h),
                ckpt.load(m, p + "post_attention_layernorm.weight", h), proj);
    }
}
