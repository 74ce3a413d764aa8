package io.multilens.model.gemma;

import ai.djl.ndarray.NDArray;
import io.multilens.kit.Checkpoint;
import io.multilens.kit.LoadJobs;
import io.multilens.kit.DecoderWeights;
import io.multilens.kit.StoredWeight;
import io.multilens.api.model.LayerWeights;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.plugin.StepFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * All parameters of a Gemma-2 decoder in Hugging Face layout ({@code [out, in]}): matrices in the
 * model's dtype, norm gains in float32. The head is the embedding (Gemma ties them).
 */
record GemmaWeights(StoredWeight embed, List<GemmaLayer> layers, NDArray norm, ModelDtype dtype) implements DecoderWeights {

    @Override
    public LayerWeights widen(ai.djl.ndarray.NDManager scope, int layer) {
        return layers.get(layer).widen(scope);
    }

    /** Gemma ties its head to the embedding; a checkpoint that says otherwise describes another model. */
    static void requireTied(ModelConfig c, Checkpoint ckpt, Path configFile) {
        if (Boolean.FALSE.equals(c.tieWordEmbeddings())) {
            throw new StepFailure(configFile + ": tie_word_embeddings is false; Gemma's head is its embedding"
                    + " (an untied head is not a Gemma checkpoint this backend knows)");
        }
    }

    /** Registers every tensor with {@code jobs}; once they have run, the supplier assembles the weights. */
    static Supplier<GemmaWeights> plan(ModelConfig c, LoadJobs jobs, ModelDtype dtype) {
        long h = c.hiddenSize();
        long i = c.intermediateSize();
        var embed = jobs.matrix("model.embed_tokens.weight", c.vocabSize(), h);
        List<Supplier<GemmaLayer>> layers = new ArrayList<>();
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "model.layers." + l + ".";
            String attn = p + "self_attn.";
            String mlp = p + "mlp.";
            var inputNorm = jobs.vector(p + "input_layernorm.weight", h);
            var postAttention = jobs.vector(p + "post_attention_layernorm.weight", h);
            var preFeedforward = jobs.vector(p + "pre_feedforward_layernorm.weight", h);
            var postFeedforward = jobs.vector(p + "post_feedforward_layernorm.weight", h);
            var q = jobs.matrix(attn + "q_proj.weight", c.qDim(), h);
            var k = jobs.matrix(attn + "k_proj.weight", c.kvDim(), h);
            var v = jobs.matrix(attn + "v_proj.weight", c.kvDim(), h);
            var o = jobs.matrix(attn + "o_proj.weight", h, c.qDim());
            var gate = jobs.matrix(mlp + "gate_proj.weight", i, h);
            var up = jobs.matrix(mlp + "up_proj.weight", i, h);
            var down = jobs.matrix(mlp + "down_proj.weight", h, i);
            layers.add(() -> new GemmaLayer(inputNorm.get(), postAttention.get(), preFeedforward.get(),
                    postFeedforward.get(), q.get(), k.get(), v.get(), o.get(), gate.get(), up.get(), down.get()));
        }
        var norm = jobs.vector("model.norm.weight", h);
        return () -> new GemmaWeights(embed.get(), layers.stream().map(Supplier::get).toList(), norm.get(), dtype);
    }

    @Override
    public long bytes() {
        long n = embed.bytes() + norm.getShape().size() * 4;
        for (GemmaLayer l : layers) {
            for (StoredWeight w : l.matrices()) {
                n += w.bytes();
            }
            for (NDArray a : l.norms()) {
                n += a.getShape().size() * 4;
            }
        }
        return n;
    }

    /**
     * Every parameter by its Hugging Face name, as stored (the arrays themselves, not copies). Only
     * float32 models have such arrays: training and deltas need them.
     */
    @Override
    public Map<String, NDArray> byName() {
        if (dtype != ModelDtype.FLOAT32) {
            throw new StepFailure("this model's weights are kept in " + dtype.label() + "; training, fine-tuning and"
                    + " deltas change float32 weights: load it with dtype: float32");
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("model.embed_tokens.weight", embed.float32());
        for (int i = 0; i < layers.size(); i++) {
            String p = "model.layers." + i + ".";
            GemmaLayer l = layers.get(i);
            out.put(p + "input_layernorm.weight", l.inputNorm());
            out.put(p + "self_attn.q_proj.weight", l.q().float32());
            out.put(p + "self_attn.k_proj.weight", l.k().float32());
            out.put(p + "self_attn.v_proj.weight", l.v().float32());
            out.put(p + "self_attn.o_proj.weight", l.o().float32());
            out.put(p + "post_attention_layernorm.weight", l.postAttentionNorm());
            out.put(p + "pre_feedforward_layernorm.weight", l.preFeedforwardNorm());
            out.put(p + "mlp.gate_proj.weight", l.gate().float32());
            out.put(p + "mlp.up_proj.weight", l.up().float32());
            out.put(p + "mlp.down_proj.weight", l.down().float32());
            out.put(p + "post_feedforward_layernorm.weight", l.postFeedforwardNorm());
        }
        out.put("model.norm.weight", norm);
        return out;
    }
}
