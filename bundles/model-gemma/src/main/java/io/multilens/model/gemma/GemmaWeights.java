package io.multilens.model.gemma;

import ai.djl.ndarray.NDArray;
import io.multilens.kit.Checkpoint;
import io.multilens.kit.LoadJobs;
import io.multilens.kit.DecoderWeights;
import io.multilens.kit.StoredWeight;
import io.multilens.api.model.LayerWeights;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * All parameters of a Gemma-2 or Gemma-3 decoder in Hugging Face layout ({@code [out, in]}):
 * matrices in the model's dtype, norm gains in float32. The head is the embedding (Gemma ties them).
 *
 * @param prefix what stands before {@code embed_tokens}, {@code layers.} and {@code norm}: {@code model.},
 *               or a multimodal checkpoint's {@code language_model.model.} / {@code model.language_model.}
 */
record GemmaWeights(String prefix, StoredWeight embed, List<GemmaLayer> layers, NDArray norm, ModelDtype dtype)
        implements DecoderWeights {

    private static final List<String> PREFIXES = List.of("model.", "language_model.model.", "model.language_model.");

    /** Where the text model's tensors are: the first prefix whose embedding the checkpoint holds. */
    static String prefix(Checkpoint ckpt, Path configFile) {
        return PREFIXES.stream().filter(p -> ckpt.has(p + "embed_tokens.weight")).findFirst()
                .orElseThrow(() -> new StepFailure(configFile.getParent() + ": no embedding under any of " + PREFIXES
                        + " (expected e.g. model.embed_tokens.weight)"));
    }

    /** Tensors of a multimodal checkpoint that are not the text model's (vision tower, projector). */
    static boolean elsewhere(String prefix, String name) {
        return !prefix.equals("model.") && !name.startsWith(prefix) && !name.endsWith("lm_head.weight");
    }

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
    static Supplier<GemmaWeights> plan(ModelConfig c, String prefix, boolean qkNorm, LoadJobs jobs, ModelDtype dtype) {
        long h = c.hiddenSize();
        long i = c.intermediateSize();
        var embed = jobs.matrix(prefix + "embed_tokens.weight", c.vocabSize(), h);
        List<Supplier<GemmaLayer>> layers = new ArrayList<>();
        for (int l = 0; l < c.numLayers(); l++) {
            String p = prefix + "layers." + l + ".";
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
            var qNorm = qkNorm ? jobs.vector(attn + "q_norm.weight", c.headDim()) : null;
            var kNorm = qkNorm ? jobs.vector(attn + "k_norm.weight", c.headDim()) : null;
            var gate = jobs.matrix(mlp + "gate_proj.weight", i, h);
            var up = jobs.matrix(mlp + "up_proj.weight", i, h);
            var down = jobs.matrix(mlp + "down_proj.weight", h, i);
            layers.add(() -> {
                NDArray qn = qNorm == null ? null : qNorm.get();
                NDArray kn = kNorm == null ? null : kNorm.get();
                // the factor the norm multiplies by, 1 + w, once: what a trace's head norm hands out
                return new GemmaLayer(inputNorm.get(), postAttention.get(), preFeedforward.get(), postFeedforward.get(),
                        qn, kn, qn == null ? null : qn.add(1f), kn == null ? null : kn.add(1f),
                        q.get(), k.get(), v.get(), o.get(), gate.get(), up.get(), down.get());
            });
        }
        var norm = jobs.vector(prefix + "norm.weight", h);
        return () -> new GemmaWeights(prefix, embed.get(), layers.stream().map(Supplier::get).toList(), norm.get(), dtype);
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
        out.put(prefix + "embed_tokens.weight", embed.float32());
        for (int i = 0; i < layers.size(); i++) {
            String p = prefix + "layers." + i + ".";
            GemmaLayer l = layers.get(i);
            out.put(p + "input_layernorm.weight", l.inputNorm());
            out.put(p + "self_attn.q_proj.weight", l.q().float32());
            out.put(p + "self_attn.k_proj.weight", l.k().float32());
            out.put(p + "self_attn.v_proj.weight", l.v().float32());
            out.put(p + "self_attn.o_proj.weight", l.o().float32());
            if (l.qNorm() != null) {
                out.put(p + "self_attn.q_norm.weight", l.qNorm());
                out.put(p + "self_attn.k_norm.weight", l.kNorm());
            }
            out.put(p + "post_attention_layernorm.weight", l.postAttentionNorm());
            out.put(p + "pre_feedforward_layernorm.weight", l.preFeedforwardNorm());
            out.put(p + "mlp.gate_proj.weight", l.gate().float32());
            out.put(p + "mlp.up_proj.weight", l.up().float32());
            out.put(p + "mlp.down_proj.weight", l.down().float32());
            out.put(p + "post_feedforward_layernorm.weight", l.postFeedforwardNorm());
        }
        out.put(prefix + "norm.weight", norm);
        return out;
    }
}
