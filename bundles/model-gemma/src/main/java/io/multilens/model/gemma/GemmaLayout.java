package io.multilens.model.gemma;

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
 * A Gemma-2 or Gemma-3 (text) checkpoint of some shape, as transformers writes it: config.json with
 * Gemma-2-2B's defaults (soft-capping 50 and 30, a 4096-token window on even layers) or Gemma-3's
 * (q/k norms, no soft-capping, five sliding layers to one full, local RoPE base 10,000), with
 * query_pre_attn_scalar = head size; norm gains are stored as offsets from 1, so a fresh model's are 0.
 */
final class GemmaLayout {

    private GemmaLayout() {
    }

    static CheckpointLayout of(ModelShape s) {
        boolean gemma3 = s.architecture().equals(GemmaConfigs.GEMMA3);
        if (!gemma3 && !s.architecture().equals(GemmaVariant.GEMMA2)) {
            throw new StepFailure("a fresh checkpoint of " + s.architecture() + " is not one the Gemma backend lays out;"
                    + " it lays out " + GemmaVariant.GEMMA2 + " and " + GemmaConfigs.GEMMA3);
        }
        if (!s.tied()) {
            throw new StepFailure("a Gemma-2 shape has its head tied to the embedding; got an untied one");
        }
        int hd = s.resolvedHeadDim();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("architectures", List.of(s.architecture()));
        c.put("model_type", gemma3 ? "gemma3_text" : "gemma2");
        c.put("vocab_size", s.vocabSize());
        c.put("hidden_size", s.hiddenSize());
        c.put("intermediate_size", s.intermediateSize());
        c.put("num_hidden_layers", s.layers());
        c.put("num_attention_heads", s.heads());
        c.put("num_key_value_heads", s.kvHeads());
        c.put("head_dim", hd);
        c.put("rms_norm_eps", s.normEps() > 0 ? s.normEps() : 1e-6);
        c.put("rope_theta", gemma3 ? 1e6 : 10000.0);
        c.put("query_pre_attn_scalar", hd);
        if (gemma3) {
            c.put("rope_local_base_freq", 10000.0);
            c.put("sliding_window_pattern", 6);
            c.put("attn_logit_softcapping", null);
            c.put("final_logit_softcapping", null);
        } else {
            c.put("attn_logit_softcapping", 50.0);
            c.put("final_logit_softcapping", 30.0);
        }
        c.put("sliding_window", 4096);
        c.put("max_position_embeddings", s.maxPositions() > 0 ? s.maxPositions() : 8192);
        c.put("hidden_activation", "gelu_pytorch_tanh");
        c.put("tie_word_embeddings", true);
        c.put("bos_token_id", 2);
        c.put("eos_token_id", 1);
        c.put("pad_token_id", 0);
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
            t.add(new Tensor(p + "input_layernorm.weight", new long[] {h}, Init.ZEROS));
            t.add(new Tensor(a + "q_proj.weight", new long[] {q, h}, Init.RANDOM));
            t.add(new Tensor(a + "k_proj.weight", new long[] {kv, h}, Init.RANDOM));
            t.add(new Tensor(a + "v_proj.weight", new long[] {kv, h}, Init.RANDOM));
            t.add(new Tensor(a + "o_proj.weight", new long[] {h, q}, Init.RANDOM));
            if (gemma3) {
                t.add(new Tensor(a + "q_norm.weight", new long[] {hd}, Init.ZEROS));
                t.add(new Tensor(a + "k_norm.weight", new long[] {hd}, Init.ZEROS));
            }
            t.add(new Tensor(p + "post_attention_layernorm.weight", new long[] {h}, Init.ZEROS));
            t.add(new Tensor(p + "pre_feedforward_layernorm.weight", new long[] {h}, Init.ZEROS));
            t.add(new Tensor(p + "mlp.gate_proj.weight", new long[] {i, h}, Init.RANDOM));
            t.add(new Tensor(p + "mlp.up_proj.weight", new long[] {i, h}, Init.RANDOM));
            t.add(new Tensor(p + "mlp.down_proj.weight", new long[] {h, i}, Init.RANDOM));
            t.add(new Tensor(p + "post_feedforward_layernorm.weight", new long[] {h}, Init.ZEROS));
        }
        t.add(new Tensor("model.norm.weight", new long[] {h}, Init.ZEROS));
        return new CheckpointLayout(c, t);
    }
}
