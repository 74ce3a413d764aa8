package io.multilens.model.llama;

import io.multilens.api.model.CheckpointLayout;
import io.multilens.api.model.CheckpointLayout.Init;
import io.multilens.api.model.CheckpointLayout.Tensor;
import io.multilens.api.model.ModelShape;
import io.multilens.api.status.StepFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Llama-family checkpoint of some shape, as transformers writes it: config.json with the
 * family's fields and the tensors in initialisation order (norm gains 1, Qwen2's q/k/v biases 0,
 * Phi-3's fused qkv_proj and gate_up_proj).
 */
final class LlamaLayout {

    private LlamaLayout() {
    }

    static CheckpointLayout of(ModelShape s) {
        String arch = s.architecture();
        if (!Variant.ARCHITECTURES.contains(arch)) {
            throw new StepFailure("architecture " + arch + " is not one of the Llama backend's " + Variant.ARCHITECTURES);
        }
        boolean qwen3 = arch.equals(Variant.QWEN3);
        boolean fused = arch.equals(Variant.PHI3);
        boolean biases = arch.equals(Variant.QWEN2);
        int hd = s.resolvedHeadDim();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("architectures", List.of(arch));
        c.put("model_type", switch (arch) {
            case Variant.MISTRAL -> "mistral";
            case Variant.QWEN2 -> "qwen2";
            case Variant.QWEN3 -> "qwen3";
            case Variant.PHI3 -> "phi3";
            default -> "llama";
        });
        c.put("vocab_size", s.vocabSize());
        c.put("hidden_size", s.hiddenSize());
        c.put("intermediate_size", s.intermediateSize());
        c.put("num_hidden_layers", s.layers());
        c.put("num_attention_heads", s.heads());
        c.put("num_key_value_heads", s.kvHeads());
        if (hd * s.heads() != s.hiddenSize() || qwen3) {
            c.put("head_dim", hd);
        }
        c.put("rms_norm_eps", s.normEps() > 0 ? s.normEps() : 1e-5);
        c.put("rope_theta", 10000.0);
        c.put("max_position_embeddings", s.maxPositions() > 0 ? s.maxPositions() : 4096);
        c.put("tie_word_embeddings", s.tied());
        c.put("hidden_act", "silu");
        c.put("bos_token_id", 1);
        c.put("eos_token_id", 2);
        c.put("torch_dtype", s.torchDtype());
        c.putAll(s.config());
        long h = s.hiddenSize();
        long q = (long) s.heads() * hd;
        long kv = (long) s.kvHeads() * hd;
        long i = s.intermediateSize();
        List<Tensor> t = new ArrayList<>();
        t.add(new Tensor("model.embed_tokens.weight", new long[] {s.vocabSize(), h}, Init.RANDOM));
        for (int l = 0; l < s.layers(); l++) {
            String p = "model.layers." + l + ".";
            String a = p + "self_attn.";
            t.add(new Tensor(p + "input_layernorm.weight", new long[] {h}, Init.ONES));
            if (fused) {
                t.add(new Tensor(a + "qkv_proj.weight", new long[] {q + 2 * kv, h}, Init.RANDOM));
            } else {
                t.add(new Tensor(a + "q_proj.weight", new long[] {q, h}, Init.RANDOM));
                t.add(new Tensor(a + "k_proj.weight", new long[] {kv, h}, Init.RANDOM));
                t.add(new Tensor(a + "v_proj.weight", new long[] {kv, h}, Init.RANDOM));
            }
            t.add(new Tensor(a + "o_proj.weight", new long[] {h, q}, Init.RANDOM));
            if (biases) {
                t.add(new Tensor(a + "q_proj.bias", new long[] {q}, Init.ZEROS));
                t.add(new Tensor(a + "k_proj.bias", new long[] {kv}, Init.ZEROS));
                t.add(new Tensor(a + "v_proj.bias", new long[] {kv}, Init.ZEROS));
            }
            if (qwen3) {
                t.add(new Tensor(a + "q_norm.weight", new long[] {hd}, Init.ONES));
                t.add(new Tensor(a + "k_norm.weight", new long[] {hd}, Init.ONES));
            }
            t.add(new Tensor(p + "post_attention_layernorm.weight", new long[] {h}, Init.ONES));
            if (fused) {
                t.add(new Tensor(p + "mlp.gate_up_proj.weight", new long[] {2 * i, h}, Init.RANDOM));
            } else {
                t.add(new Tensor(p + "mlp.gate_proj.weight", new long[] {i, h}, Init.RANDOM));
                t.add(new Tensor(p + "mlp.up_proj.weight", new long[] {i, h}, Init.RANDOM));
            }
            t.add(new Tensor(p + "mlp.down_proj.weight", new long[] {h, i}, Init.RANDOM));
        }
        t.add(new Tensor("model.norm.weight", new long[] {h}, Init.ONES));
        if (!s.tied()) {
            t.add(new Tensor("lm_head.weight", new long[] {s.vocabSize(), h}, Init.RANDOM));
        }
        return new CheckpointLayout(c, t);
    }
}
