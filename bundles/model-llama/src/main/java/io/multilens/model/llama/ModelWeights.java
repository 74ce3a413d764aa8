package io.multilens.model.llama;

import io.multilens.kit.*;
import ai.djl.ndarray.NDArray;
import io.multilens.api.model.LayerWeights;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.status.StepFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All parameters of a Llama-family decoder (Llama, Mistral, Qwen2, Qwen3) in Hugging Face layout ({@code [out, in]}): matrices
 * in the model's dtype, norm gains and biases in float32.
 *
 * @param lmHead the embedding itself when the embeddings are tied
 */
record ModelWeights(StoredWeight embed, List<DecoderLayer> layers, NDArray norm, StoredWeight lmHead, ModelDtype dtype) implements DecoderWeights {

    @Override
    public LayerWeights widen(ai.djl.ndarray.NDManager scope, int layer) {
        return layers.get(layer).widen(scope);
    }

    /** Whether the LM head is the embedding: as config.json says, or when it does not say, when the checkpoint has no head. */
    static boolean tied(ModelConfig c, Checkpoint ckpt, java.nio.file.Path configFile) {
        boolean hasHead = ckpt.has("lm_head.weight");
        if (c.tieWordEmbeddings() == null) {
            return !hasHead;
        }
        if (!c.tieWordEmbeddings() && !hasHead) {
            throw new StepFailure(configFile + ": tie_word_embeddings is false but the checkpoint has no"
                    + " 'lm_head.weight'; set it to true if the head is the embedding, or add the head");
        }
        return c.tieWordEmbeddings();
    }

    /**
     * Registers every tensor the model needs with {@code jobs}; once they have run, the supplier
     * assembles the model from their results.
     */
    static java.util.function.Supplier<ModelWeights> plan(ModelConfig c, Variant variant, boolean tied, LoadJobs jobs,
                                                          ModelDtype dtype) {
        boolean qkvBias = variant.qkvBias();
        boolean qkNorm = variant.qkNorm();
        long h = c.hiddenSize();
        long i = c.intermediateSize();
        var embed = jobs.matrix("model.embed_tokens.weight", c.vocabSize(), h);
        List<LayerJobs> layerJobs = new ArrayList<>();
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "model.layers." + l + ".";
            String attn = p + "self_attn.";
            String mlp = p + "mlp.";
            boolean fused = variant.fused();
            layerJobs.add(new LayerJobs(
                    jobs.vector(p + "input_layernorm.weight", h),
                    jobs.vector(p + "post_attention_layernorm.weight", h),
                    fused ? null : jobs.matrix(attn + "q_proj.weight", c.qDim(), h),
                    fused ? null : jobs.matrix(attn + "k_proj.weight", c.kvDim(), h),
                    fused ? null : jobs.matrix(attn + "v_proj.weight", c.kvDim(), h),
                    jobs.matrix(attn + "o_proj.weight", h, c.qDim()),
                    qkvBias ? jobs.vector(attn + "q_proj.bias", c.qDim()) : null,
                    qkvBias ? jobs.vector(attn + "k_proj.bias", c.kvDim()) : null,
                    qkvBias ? jobs.vector(attn + "v_proj.bias", c.kvDim()) : null,
                    qkNorm ? jobs.vector(attn + "q_norm.weight", c.headDim()) : null,
                    qkNorm ? jobs.vector(attn + "k_norm.weight", c.headDim()) : null,
                    fused ? null : jobs.matrix(mlp + "gate_proj.weight", i, h),
                    fused ? null : jobs.matrix(mlp + "up_proj.weight", i, h),
                    jobs.matrix(mlp + "down_proj.weight", h, i),
                    fused ? jobs.matrix(attn + "qkv_proj.weight", c.qDim() + 2L * c.kvDim(), h) : null,
                    fused ? jobs.matrix(mlp + "gate_up_proj.weight", 2 * i, h) : null,
                    c.qDim(), c.kvDim(), c.intermediateSize()));
        }
        var norm = jobs.vector("model.norm.weight", h);
        var head = tied ? null : jobs.matrix("lm_head.weight", c.vocabSize(), h);
        return () -> {
            List<DecoderLayer> layers = layerJobs.stream().map(LayerJobs::layer).toList();
            StoredWeight e = embed.get();
            return new ModelWeights(e, layers, norm.get(), head == null ? e : head.get(), dtype);
        };
    }

    private record LayerJobs(LoadJobs.Job<NDArray> inputNorm, LoadJobs.Job<NDArray> postNorm,
                             LoadJobs.Job<StoredWeight> q, LoadJobs.Job<StoredWeight> k, LoadJobs.Job<StoredWeight> v,
                             LoadJobs.Job<StoredWeight> o, LoadJobs.Job<NDArray> qBias, LoadJobs.Job<NDArray> kBias,
                             LoadJobs.Job<NDArray> vBias, LoadJobs.Job<NDArray> qNorm, LoadJobs.Job<NDArray> kNorm,
                             LoadJobs.Job<StoredWeight> gate, LoadJobs.Job<StoredWeight> up,
                             LoadJobs.Job<StoredWeight> down, LoadJobs.Job<StoredWeight> qkv,
                             LoadJobs.Job<StoredWeight> gateUp, int qDim, int kvDim, int intermediate) {
        DecoderLayer layer() {
            return new DecoderLayer(inputNorm.get(), postNorm.get(), get(q), get(k), get(v), o.get(), get(qBias),
                    get(kBias), get(vBias), get(qNorm), get(kNorm), get(gate), get(up), down.get(),
                    qkv == null ? null : new DecoderLayer.Fused(qkv.get(), gateUp.get(), qDim, kvDim, intermediate));
        }

        private static <T> T get(LoadJobs.Job<T> job) {
            return job == null ? null : job.get();
        }
    }

    @Override
    public long bytes() {
        long n = embed.bytes() + norm.getShape().size() * 4 + (lmHead == embed ? 0 : lmHead.bytes());
        for (DecoderLayer l : layers) {
            for (StoredWeight w : l.matrices()) {
                n += w.bytes();
            }
            for (NDArray a : new NDArray[] {l.inputNorm(), l.postAttentionNorm(), l.qBias(), l.kBias(), l.vBias(),
                    l.qNorm(), l.kNorm()}) {
                n += a == null ? 0 : a.getShape().size() * 4;
            }
        }
        return n;
    }

    /**
     * Every parameter by its Hugging Face name, as stored (the arrays themselves, not copies). A
     * tied lm_head is the embedding and is listed once, under the embedding's name. Only float32
     * models have such arrays: training and deltas need them.
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
            DecoderLayer l = layers.get(i);
            out.put(p + "input_layernorm.weight", l.inputNorm());
            if (l.fused() != null) {
                out.put(p + "self_attn.qkv_proj.weight", l.fused().qkv().float32());
            } else {
                out.put(p + "self_attn.q_proj.weight", l.q().float32());
                out.put(p + "self_attn.k_proj.weight", l.k().float32());
                out.put(p + "self_attn.v_proj.weight", l.v().float32());
            }
            out.put(p + "self_attn.o_proj.weight", l.o().float32());
            if (l.qBias() != null) {
                out.put(p + "self_attn.q_proj.bias", l.qBias());
                out.put(p + "self_attn.k_proj.bias", l.kBias());
                out.put(p + "self_attn.v_proj.bias", l.vBias());
            }
            if (l.qNorm() != null) {
                out.put(p + "self_attn.q_norm.weight", l.qNorm());
                out.put(p + "self_attn.k_norm.weight", l.kNorm());
            }
            out.put(p + "post_attention_layernorm.weight", l.postAttentionNorm());
            if (l.fused() != null) {
                out.put(p + "mlp.gate_up_proj.weight", l.fused().gateUp().float32());
            } else {
                out.put(p + "mlp.gate_proj.weight", l.gate().float32());
                out.put(p + "mlp.up_proj.weight", l.up().float32());
            }
            out.put(p + "mlp.down_proj.weight", l.down().float32());
        }
        out.put("model.norm.weight", norm);
        if (lmHead != embed) {
            out.put("lm_head.weight", lmHead.float32());
        }
        return out;
    }
}
