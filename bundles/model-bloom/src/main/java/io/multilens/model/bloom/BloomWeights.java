package io.multilens.model.bloom;

import ai.djl.ndarray.NDArray;
import io.multilens.kit.Checkpoint;
import io.multilens.kit.LoadJobs;
import io.multilens.kit.StoredWeight;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every BLOOM parameter: the matrices (embeddings, fused QKV, dense, both MLP projections) in the
 * model's dtype, norms and biases in float32. BLOOM checkpoints name tensors with a
 * {@code transformer.} prefix (as BloomForCausalLM saves them) or without (as BloomModel and
 * BLOOMZ's releases do); both load, and a save writes the names it read. A stored
 * {@code lm_head.weight} is ignored: the head is the word embeddings.
 *
 * @param prefix "transformer." or "", as the checkpoint names its tensors
 */
record BloomWeights(String prefix, StoredWeight embed, NDArray embedNormWeight, NDArray embedNormBias, List<BloomLayer> layers,
                    NDArray finalNormWeight, NDArray finalNormBias, ModelDtype dtype) {

    /** Registers every tensor with {@code jobs}; once they have run, the supplier assembles the weights. */
    static Supplier<BloomWeights> plan(Path dir, Checkpoint ckpt, ModelConfig c, LoadJobs jobs, ModelDtype dtype) {
        String prefix = prefix(dir, ckpt);
        long h = c.hiddenSize();
        long i = c.intermediateSize();
        var embed = jobs.matrix(prefix + "word_embeddings.weight", c.vocabSize(), h);
        var embedNormWeight = jobs.vector(prefix + "word_embeddings_layernorm.weight", h);
        var embedNormBias = jobs.vector(prefix + "word_embeddings_layernorm.bias", h);
        List<Supplier<BloomLayer>> layers = new ArrayList<>();
        for (int l = 0; l < c.numLayers(); l++) {
            String p = prefix + "h." + l + ".";
            var inW = jobs.vector(p + "input_layernorm.weight", h);
            var inB = jobs.vector(p + "input_layernorm.bias", h);
            var qkv = jobs.matrix(p + "self_attention.query_key_value.weight", 3 * h, h);
            var qkvB = jobs.vector(p + "self_attention.query_key_value.bias", 3 * h);
            var dense = jobs.matrix(p + "self_attention.dense.weight", h, h);
            var denseB = jobs.vector(p + "self_attention.dense.bias", h);
            var postW = jobs.vector(p + "post_attention_layernorm.weight", h);
            var postB = jobs.vector(p + "post_attention_layernorm.bias", h);
            var up = jobs.matrix(p + "mlp.dense_h_to_4h.weight", i, h);
            var upB = jobs.vector(p + "mlp.dense_h_to_4h.bias", i);
            var down = jobs.matrix(p + "mlp.dense_4h_to_h.weight", h, i);
            var downB = jobs.vector(p + "mlp.dense_4h_to_h.bias", h);
            layers.add(() -> new BloomLayer(inW.get(), inB.get(), qkv.get(), qkvB.get(), dense.get(), denseB.get(), postW.get(),
                    postB.get(), up.get(), upB.get(), down.get(), downB.get()));
        }
        var finalW = jobs.vector(prefix + "ln_f.weight", h);
        var finalB = jobs.vector(prefix + "ln_f.bias", h);
        return () -> new BloomWeights(prefix, embed.get(), embedNormWeight.get(), embedNormBias.get(),
                layers.stream().map(Supplier::get).toList(), finalW.get(), finalB.get(), dtype);
    }

    /** Bytes of every stored tensor. */
    long bytes() {
        long n = embed.bytes() + 4 * (embedNormWeight.size() + embedNormBias.size() + finalNormWeight.size()
                + finalNormBias.size());
        for (BloomLayer l : layers) {
            for (StoredWeight w : l.matrices()) {
                n += w.bytes();
            }
            for (NDArray v : l.vectors()) {
                n += 4 * v.size();
            }
        }
        return n;
    }

    /**
     * Every parameter by its name in the checkpoint, as stored (the arrays themselves). Only a float32
     * model has such arrays: training and deltas change float32 weights.
     */
    Map<String, NDArray> byName() {
        if (dtype != ModelDtype.FLOAT32) {
            throw new StepFailure("this model's weights are kept in " + dtype.label() + "; training, fine-tuning and"
                    + " deltas change float32 weights: load it with dtype: float32");
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put(prefix + "word_embeddings.weight", embed.float32());
        out.put(prefix + "word_embeddings_layernorm.weight", embedNormWeight);
        out.put(prefix + "word_embeddings_layernorm.bias", embedNormBias);
        for (int l = 0; l < layers.size(); l++) {
            String p = prefix + "h." + l + ".";
            BloomLayer w = layers.get(l);
            out.put(p + "input_layernorm.weight", w.inputNormWeight());
            out.put(p + "input_layernorm.bias", w.inputNormBias());
            out.put(p + "self_attention.query_key_value.weight", w.qkv().float32());
            out.put(p + "self_attention.query_key_value.bias", w.qkvBias());
            out.put(p + "self_attention.dense.weight", w.dense().float32());
            out.put(p + "self_attention.dense.bias", w.denseBias());
            out.put(p + "post_attention_layernorm.weight", w.postNormWeight());
            out.put(p + "post_attention_layernorm.bias", w.postNormBias());
            out.put(p + "mlp.dense_h_to_4h.weight", w.up().float32());
            out.put(p + "mlp.dense_h_to_4h.bias", w.upBias());
            out.put(p + "mlp.dense_4h_to_h.weight", w.down().float32());
            out.put(p + "mlp.dense_4h_to_h.bias", w.downBias());
        }
        out.put(prefix + "ln_f.weight", finalNormWeight);
        out.put(prefix + "ln_f.bias", finalNormBias);
        return Collections.unmodifiableMap(out);
    }

    private static String prefix(Path dir, Checkpoint ckpt) {
        if (ckpt.has("transformer.word_embeddings.weight")) {
            return "transformer.";
        }
        if (ckpt.has("word_embeddings.weight")) {
            return "";
        }
        throw new StepFailure(dir + ": neither 'word_embeddings.weight' nor 'transformer.word_embeddings.weight' is in"
                + " the checkpoint; config.json names BloomForCausalLM but the weights are not BLOOM's");
    }
}
