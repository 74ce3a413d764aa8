package io.multilens.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.backend.HalfFormat;
import io.multilens.api.data.SafetensorsWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random Llama checkpoints of real models' shapes in Hugging Face layout (config.json, sharded
 * safetensors with an index), stored in 16 bits as the real ones ship. Values are uniform with the
 * standard deviation of a trained model's weights (0.02), norm gains 1: the arithmetic is what a
 * real model costs.
 */
final class RandomCheckpoint {

    /** A model shape and how its real checkpoint is stored. */
    record Shape(String name, int hidden, int layers, int intermediate, int heads, int kvHeads, int vocab, boolean tied,
                 String torchDtype, double ropeTheta, Map<String, Object> ropeScaling) {

        boolean bloom() {
            return name.startsWith("bloom");
        }

        long parameters() {
            long h = hidden;
            long hd = h / heads;
            if (bloom()) {
                // LayerNorms with bias, fused QKV and every linear layer with bias, head tied
                return layers * (4 * h + 3 * h * h + 3 * h + h * h + h + 2 * h * intermediate + intermediate + h)
                        + (long) vocab * h + 4 * h;
            }
            long layer = 2 * h + h * h * 2 + 2 * h * kvHeads * hd + 3 * h * intermediate;
            return layers * layer + h + (long) vocab * h * (tied ? 1 : 2);
        }
    }

    static final Shape LLAMA_32_1B = new Shape("llama-3.2-1b", 2048, 16, 8192, 32, 8, 128256, true, "bfloat16", 500000.0,
            Map.of("rope_type", "llama3", "factor", 32.0, "low_freq_factor", 1.0, "high_freq_factor", 4.0,
                    "original_max_position_embeddings", 8192));
    static final Shape LLAMA_2_7B = new Shape("llama-2-7b", 4096, 32, 11008, 32, 32, 32000, false, "float16", 10000.0, null);
    /** bigscience/bloom-560m (and BLOOMZ-560m): ALiBi, no rotary; stored in float16, names without the transformer. prefix. */
    static final Shape BLOOM_560M = new Shape("bloom-560m", 1024, 24, 4096, 16, 16, 250880, true, "float16", 0, null);

    /** transformers' default shard size. */
    static final long SHARD_BYTES = 5_000_000_000L;

    private RandomCheckpoint() {
    }

    static Shape named(String name) {
        for (Shape s : List.of(LLAMA_32_1B, LLAMA_2_7B, BLOOM_560M)) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown shape " + name + "; known: llama-3.2-1b, llama-2-7b, bloom-560m");
    }

    /** Writes the checkpoint unless {@code dir} already holds it. */
    static void write(Shape s, Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve("model.safetensors.index.json"))) {
            return;
        }
        Files.createDirectories(dir);
        String dtype = s.torchDtype().equals("bfloat16") ? "BF16" : "F16";
        List<SafetensorsWriter.Header> all = tensors(s, dtype);
        List<List<SafetensorsWriter.Header>> shards = new ArrayList<>();
        long size = 0;
        for (SafetensorsWriter.Header t : all) {
            if (shards.isEmpty() || size + t.bytes() > SHARD_BYTES) {
                shards.add(new ArrayList<>());
                size = 0;
            }
            shards.get(shards.size() - 1).add(t);
            size += t.bytes();
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        long total = 0;
        for (int i = 0; i < shards.size(); i++) {
            String file = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
            List<SafetensorsWriter.Header> shard = shards.get(i);
            SafetensorsWriter.write(dir.resolve(file), shard, Map.of("format", "pt"),
                    (k, out) -> fill(shard.get(k), dtype, out));
            for (SafetensorsWriter.Header t : shard) {
                weightMap.put(t.name(), file);
                total += t.bytes();
            }
            System.out.printf("  wrote %s (%.2f GiB)%n", file, Files.size(dir.resolve(file)) / (double) (1L << 30));
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode index = json.createObjectNode();
        index.putObject("metadata").put("total_size", total);
        index.set("weight_map", json.valueToTree(weightMap));
        json.writeValue(dir.resolve("model.safetensors.index.json").toFile(), index);
        json.writeValue(dir.resolve("config.json").toFile(), config(s, json));
    }

    private static ObjectNode config(Shape s, ObjectMapper json) {
        ObjectNode c = json.createObjectNode();
        if (s.bloom()) {
            c.putArray("architectures").add("BloomForCausalLM");
            c.put("model_type", "bloom");
            c.put("vocab_size", s.vocab());
            c.put("hidden_size", s.hidden());
            c.put("n_layer", s.layers());
            c.put("n_head", s.heads());
            c.put("layer_norm_epsilon", 1e-5);
            c.put("apply_residual_connection_post_layernorm", false);
            c.put("pretraining_tp", 1);
            c.put("slow_but_exact", false);
            c.put("torch_dtype", s.torchDtype());
            c.put("bos_token_id", 1);
            c.put("eos_token_id", 2);
            return c;
        }
        c.putArray("architectures").add("LlamaForCausalLM");
        c.put("model_type", "llama");
        c.put("vocab_size", s.vocab());
        c.put("hidden_size", s.hidden());
        c.put("intermediate_size", s.intermediate());
        c.put("num_hidden_layers", s.layers());
        c.put("num_attention_heads", s.heads());
        c.put("num_key_value_heads", s.kvHeads());
        c.put("rms_norm_eps", 1e-5);
        c.put("rope_theta", s.ropeTheta());
        if (s.ropeScaling() != null) {
            c.set("rope_scaling", json.valueToTree(s.ropeScaling()));
        }
        c.put("max_position_embeddings", s.ropeScaling() != null ? 131072 : 4096);
        c.put("tie_word_embeddings", s.tied());
        c.put("hidden_act", "silu");
        c.put("torch_dtype", s.torchDtype());
        c.put("bos_token_id", 1);
        c.put("eos_token_id", 2);
        return c;
    }

    private static List<SafetensorsWriter.Header> tensors(Shape s, String dtype) {
        if (s.bloom()) {
            return bloomTensors(s, dtype);
        }
        long h = s.hidden();
        long kv = h / s.heads() * s.kvHeads();
        List<SafetensorsWriter.Header> t = new ArrayList<>();
        t.add(new SafetensorsWriter.Header("model.embed_tokens.weight", dtype, new long[] {s.vocab(), h}));
        for (int i = 0; i < s.layers(); i++) {
            String p = "model.layers." + i + ".";
            t.add(new SafetensorsWriter.Header(p + "input_layernorm.weight", dtype, new long[] {h}));
            t.add(new SafetensorsWriter.Header(p + "self_attn.q_proj.weight", dtype, new long[] {h, h}));
            t.add(new SafetensorsWriter.Header(p + "self_attn.k_proj.weight", dtype, new long[] {kv, h}));
            t.add(new SafetensorsWriter.Header(p + "self_attn.v_proj.weight", dtype, new long[] {kv, h}));
            t.add(new SafetensorsWriter.Header(p + "self_attn.o_proj.weight", dtype, new long[] {h, h}));
            t.add(new SafetensorsWriter.Header(p + "post_attention_layernorm.weight", dtype, new long[] {h}));
            t.add(new SafetensorsWriter.Header(p + "mlp.gate_proj.weight", dtype, new long[] {s.intermediate(), h}));
            t.add(new SafetensorsWriter.Header(p + "mlp.up_proj.weight", dtype, new long[] {s.intermediate(), h}));
            t.add(new SafetensorsWriter.Header(p + "mlp.down_proj.weight", dtype, new long[] {h, s.intermediate()}));
        }
        t.add(new SafetensorsWriter.Header("model.norm.weight", dtype, new long[] {h}));
        if (!s.tied()) {
            t.add(new SafetensorsWriter.Header("lm_head.weight", dtype, new long[] {s.vocab(), h}));
        }
        return t;
    }

    private static List<SafetensorsWriter.Header> bloomTensors(Shape s, String dtype) {
        long h = s.hidden();
        long i = s.intermediate();
        List<SafetensorsWriter.Header> t = new ArrayList<>();
        t.add(new SafetensorsWriter.Header("word_embeddings.weight", dtype, new long[] {s.vocab(), h}));
        t.add(new SafetensorsWriter.Header("word_embeddings_layernorm.weight", dtype, new long[] {h}));
        t.add(new SafetensorsWriter.Header("word_embeddings_layernorm.bias", dtype, new long[] {h}));
        for (int l = 0; l < s.layers(); l++) {
            String p = "h." + l + ".";
            t.add(new SafetensorsWriter.Header(p + "input_layernorm.weight", dtype, new long[] {h}));
            t.add(new SafetensorsWriter.Header(p + "input_layernorm.bias", dtype, new long[] {h}));
            t.add(new SafetensorsWriter.Header(p + "self_attention.query_key_value.weight", dtype, new long[] {3 * h, h}));
            t.add(new SafetensorsWriter.Header(p + "self_attention.query_key_value.bias", dtype, new long[] {3 * h}));
            t.add(new SafetensorsWriter.Header(p + "self_attention.dense.weight", dtype, new long[] {h, h}));
            t.add(new SafetensorsWriter.Header(p + "self_attention.dense.bias", dtype, new long[] {h}));
            t.add(new SafetensorsWriter.Header(p + "post_attention_layernorm.weight", dtype, new long[] {h}));
            t.add(new SafetensorsWriter.Header(p + "post_attention_layernorm.bias", dtype, new long[] {h}));
            t.add(new SafetensorsWriter.Header(p + "mlp.dense_h_to_4h.weight", dtype, new long[] {i, h}));
            t.add(new SafetensorsWriter.Header(p + "mlp.dense_h_to_4h.bias", dtype, new long[] {i}));
            t.add(new SafetensorsWriter.Header(p + "mlp.dense_4h_to_h.weight", dtype, new long[] {h, i}));
            t.add(new SafetensorsWriter.Header(p + "mlp.dense_4h_to_h.bias", dtype, new long[] {h}));
        }
        t.add(new SafetensorsWriter.Header("ln_f.weight", dtype, new long[] {h}));
        t.add(new SafetensorsWriter.Header("ln_f.bias", dtype, new long[] {h}));
        return t;
    }

    /** Streams one tensor's random 16-bit values; norm gains are 1, biases 0. */
    private static void fill(SafetensorsWriter.Header t, String dtype, java.nio.channels.WritableByteChannel out)
            throws IOException {
        boolean bias = t.name().endsWith(".bias");
        boolean gain = t.shape().length == 1 && !bias;
        SplittableRandom random = new SplittableRandom(t.name().hashCode());
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
        long n = t.bytes() / 2;
        // 0.02 standard deviation: uniform on +-0.02*sqrt(3)
        float range = 0.0346f;
        for (long i = 0; i < n; i++) {
            float v = bias ? 0f : gain ? 1f : (float) (random.nextDouble() * 2 - 1) * range;
            buf.putShort(dtype.equals("BF16") ? HalfFormat.toBf16(v) : HalfFormat.toF16(v));
            if (!buf.hasRemaining()) {
                SafetensorsWriter.writeFully(out, buf.flip());
                buf.clear();
            }
        }
        SafetensorsWriter.writeFully(out, buf.flip());
    }
}
