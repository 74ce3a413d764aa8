package io.multilens.model.bloom;

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
 * A BLOOM checkpoint of some shape as BLOOMZ ships it (tensor names without {@code transformer.}):
 * LayerNorm gains 1 and every bias 0. BLOOM's shape is fixed where Llama's is free (an MLP of
 * 4 x hidden, one key/value head per query head, the head tied): a shape that says otherwise is
 * refused by name.
 */
final class BloomLayout {

    private BloomLayout() {
    }

    static CheckpointLayout of(ModelShape s) {
        long h = s.hiddenSize();
        if (s.intermediateSize() != 4 * h || s.kvHeads() != s.heads() || !s.tied() || s.resolvedHeadDim() * s.heads() != h) {
            throw new StepFailure("a BLOOM shape has intermediate_size = 4 x hidden_size (" + 4 * h + "), as many key/value"
                    + " heads as heads, a tied head and hidden_size = heads x head size; got intermediate_size "
                    + s.intermediateSize() + ", " + s.kvHeads() + " key/value heads for " + s.heads() + ", tied " + s.tied());
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("architectures", List.of(BloomBackend.ARCHITECTURE));
        c.put("model_type", "bloom");
        c.put("vocab_size", s.vocabSize());
        c.put("hidden_size", s.hiddenSize());
        c.put("n_layer", s.layers());
        c.put("n_head", s.heads());
        c.put("layer_norm_epsilon", s.normEps() > 0 ? s.normEps() : 1e-5);
        c.put("apply_residual_connection_post_layernorm", false);
        if (s.maxPositions() > 0) {
            c.put("seq_length", s.maxPositions());
        }
        c.put("bos_token_id", 1);
        c.put("eos_token_id", 2);
        c.put("torch_dtype", s.torchDtype());
        c.putAll(s.config());
        long i = s.intermediateSize();
        List<Tensor> t = new ArrayList<>();
        t.add(new Tensor("word_embeddings.weight", new long[] {s.vocabSize(), h}, Init.RANDOM));
        t.add(new Tensor("word_embeddings_layernorm.weight", new long[] {h}, Init.ONES));
        t.add(new Tensor("word_embeddings_layernorm.bias", new long[] {h}, Init.ZEROS));
        for (int l = 0; l < s.layers(); l++) {
            String p = "h." + l + ".";
            t.add(new Tensor(p + "input_layernorm.weight", new long[] {h}, Init.ONES));
            t.add(new Tensor(p + "input_layernorm.bias", new long[] {h}, Init.ZEROS));
            t.add(new Tensor(p + "self_attention.query_key_value.weight", new long[] {3 * h, h}, Init.RANDOM));
            t.add(new Tensor(p + "self_attention.query_key_value.bias", new long[] {3 * h}, Init.ZEROS));
            t.add(new Tensor(p + "self_attention.dense.weight", new long[] {h, h}, Init.RANDOM));
            t.add(new Tensor(p + "self_attention.dense.bias", new long[] {h}, Init.ZEROS));
            t.add(new Tensor(p + "post_attention_layernorm.weight", new long[] {h}, Init.ONES));
            t.add(new Tensor(p + "post_attention_layernorm.bias", new long[] {h}, Init.ZEROS));
            t.add(new Tensor(p + "mlp.dense_h_to_4h.weight", new long[] {i, h}, Init.RANDOM));
            t.add(new Tensor(p + "mlp.dense_h_to_4h.bias", new long[] {i}, Init.ZEROS));
            t.add(new Tensor(p + "mlp.dense_4h_to_h.weight", new long[] {h, i}, Init.RANDOM));
            t.add(new Tensor(p + "mlp.dense_4h_to_h.bias", new long[] {h}, Init.ZEROS));
        }
        t.add(new Tensor("ln_f.weight", new long[] {h}, Init.ONES));
        t.add(new Tensor("ln_f.bias", new long[] {h}, Init.ZEROS));
        return new CheckpointLayout(c, t);
    }
}
