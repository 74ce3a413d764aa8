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
 * Llama's initialiser does, RMS-norm gains 1, plus the byte-level tokenizer.
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
        Map<String, Safetensors.Tensor> w = new LinkedHashMap<>();
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
        Safetensors.write(dir.resolve("model.safetensors"), w, Map.of("format", "pt"));
        Files.writeString(dir.resolve("config.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(a.config()));
        ByteTokenizerJson.write(dir.resolve("tokenizer.json"));
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
