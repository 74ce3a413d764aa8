package io.multilens.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.multilens.api.data.Safetensors;
import io.multilens.api.model.ByteTokenizerJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A freshly initialised checkpoint in Hugging Face layout: weights drawn from N(0, 0.02²) as
 * Llama's and BLOOM's initialisers do, norm gains 1 and biases 0, plus the byte-level tokenizer.
 */
public final class RandomCheckpoint {

    private static final double STD = 0.02;

    private RandomCheckpoint() {
    }

    public static void write(Path dir, ArchitectureSpec a, long seed) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        int h = a.hiddenSize();
        int q = a.heads() * a.headDim();
        int kv = a.kvHeads() * a.headDim();
        int v = ByteTokenizerJson.VOCAB_SIZE;
        Map<String, Safetensors.Tensor> w = a.bloom() ? bloom(random, a, v) : new LinkedHashMap<>();
        if (a.bloom()) {
            write(dir, a, w);
            return;
        }
        w.put("model.embed_tokens.weight", normal(random, v, h));
        for (int i = 0; i < a.layers(); i++) {
            String p = "model.layers." + i + ".";
            w.put(p + "input_layernorm.weight", ones(h));
            w.put(p + "self_attn.q_proj.weight", normal(random, q, h));
            w.put(p + "self_attn.k_proj.weight", normal(random, kv, h));
            w.put(p + "self_attn.v_proj.weight", normal(random, kv, h));
            w.put(p + "self_attn.o_proj.weight", normal(random, h, q));
            w.put(p + "post_attention_layernorm.weight", ones(h));
            w.put(p + "mlp.gate_proj.weight", normal(random, a.intermediateSize(), h));
            w.put(p + "mlp.up_proj.weight", normal(random, a.intermediateSize(), h));
            w.put(p + "mlp.down_proj.weight", normal(random, h, a.intermediateSize()));
        }
        w.put("model.norm.weight", ones(h));
        if (!a.tieEmbeddings()) {
            w.put("lm_head.weight", normal(random, v, h));
        }
        write(dir, a, w);
    }

    private static void write(Path dir, ArchitectureSpec a, Map<String, Safetensors.Tensor> w) throws IOException {
        Safetensors.write(dir.resolve("model.safetensors"), w, Map.of("format", "pt"));
        Files.writeString(dir.resolve("config.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(a.config()));
        ByteTokenizerJson.write(dir.resolve("tokenizer.json"));
    }

    /** BLOOM's tensors as BloomModel names them (no transformer. prefix): LayerNorm gains 1, biases 0. */
    private static Map<String, Safetensors.Tensor> bloom(Random random, ArchitectureSpec a, int v) {
        int h = a.hiddenSize();
        Map<String, Safetensors.Tensor> w = new LinkedHashMap<>();
        w.put("word_embeddings.weight", normal(random, v, h));
        w.put("word_embeddings_layernorm.weight", ones(h));
        w.put("word_embeddings_layernorm.bias", zeros(h));
        for (int i = 0; i < a.layers(); i++) {
            String p = "h." + i + ".";
            w.put(p + "input_layernorm.weight", ones(h));
            w.put(p + "input_layernorm.bias", zeros(h));
            w.put(p + "self_attention.query_key_value.weight", normal(random, 3 * h, h));
            w.put(p + "self_attention.query_key_value.bias", zeros(3 * h));
            w.put(p + "self_attention.dense.weight", normal(random, h, h));
            w.put(p + "self_attention.dense.bias", zeros(h));
            w.put(p + "post_attention_layernorm.weight", ones(h));
            w.put(p + "post_attention_layernorm.bias", zeros(h));
            w.put(p + "mlp.dense_h_to_4h.weight", normal(random, 4 * h, h));
            w.put(p + "mlp.dense_h_to_4h.bias", zeros(4 * h));
            w.put(p + "mlp.dense_4h_to_h.weight", normal(random, h, 4 * h));
            w.put(p + "mlp.dense_4h_to_h.bias", zeros(h));
        }
        w.put("ln_f.weight", ones(h));
        w.put("ln_f.bias", zeros(h));
        return w;
    }

    private static Safetensors.Tensor zeros(int n) {
        return new Safetensors.Tensor(new float[n], new long[] {n});
    }

    private static Safetensors.Tensor normal(Random r, int rows, int cols) {
        float[] d = new float[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (r.nextGaussian() * STD);
        }
        return new Safetensors.Tensor(d, new long[] {rows, cols});
    }

    private static Safetensors.Tensor ones(int n) {
        float[] d = new float[n];
        java.util.Arrays.fill(d, 1f);
        return new Safetensors.Tensor(d, new long[] {n});
    }
}
