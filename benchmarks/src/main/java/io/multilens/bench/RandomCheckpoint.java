package io.multilens.bench;

import io.multilens.api.model.FreshCheckpoint;
import io.multilens.api.model.CheckpointLayout;
import io.multilens.api.model.ModelBackend;
import io.multilens.api.model.ModelShape;
import io.multilens.model.bloom.BloomBackend;
import io.multilens.model.gemma.GemmaBackend;
import io.multilens.model.llama.LlamaBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Random checkpoints of real models' shapes, laid out by their architectures' backends (Hugging
 * Face names, config.json, shards with an index) and stored in 16 bits as the real ones ship.
 * Values are uniform with the standard deviation of a trained model's weights (0.02), norm gains
 * as each backend initialises them: the arithmetic is what a real model costs.
 */
final class RandomCheckpoint {

    /** A named real shape. */
    record Named(String name, ModelShape shape) {
    }

    static final List<Named> SHAPES = List.of(
            new Named("llama-3.2-1b", new ModelShape("LlamaForCausalLM", 128256, 2048, 8192, 16, 32, 8, 0, true, 1e-5,
                    131072, "bfloat16", Map.of("rope_theta", 500000.0, "rope_scaling", Map.of("rope_type", "llama3",
                    "factor", 32.0, "low_freq_factor", 1.0, "high_freq_factor", 4.0, "original_max_position_embeddings", 8192)))),
            new Named("llama-2-7b", new ModelShape("LlamaForCausalLM", 32000, 4096, 11008, 32, 32, 32, 0, false, 1e-5,
                    4096, "float16", Map.of())),
            /* bigscience/bloom-560m (and BLOOMZ-560m): ALiBi, stored in float16, names without the transformer. prefix */
            new Named("bloom-560m", new ModelShape("BloomForCausalLM", 250880, 1024, 4096, 24, 16, 16, 0, true, 1e-5, 0,
                    "float16", Map.of())),
            /* Qwen/Qwen3-0.6B and Qwen3-8B: per-head q/k norms, head_dim 128 (not hidden / heads in 0.6B) */
            new Named("qwen3-0.6b", new ModelShape("Qwen3ForCausalLM", 151936, 1024, 3072, 28, 16, 8, 128, true, 1e-6,
                    40960, "bfloat16", Map.of("rope_theta", 1000000.0))),
            new Named("qwen3-8b", new ModelShape("Qwen3ForCausalLM", 151936, 4096, 12288, 36, 32, 8, 128, false, 1e-6,
                    40960, "bfloat16", Map.of("rope_theta", 1000000.0))),
            /* google/gemma-2-2b: four norms a layer, soft-capping 50/30, 4096-token window on even layers */
            new Named("gemma-2-2b", new ModelShape("Gemma2ForCausalLM", 256000, 2304, 9216, 26, 8, 4, 256, true, 1e-6,
                    8192, "bfloat16", Map.of("query_pre_attn_scalar", 256))),
            /* google/gemma-3-1b: per-head q/k norms, 512-token window on five layers of six, local RoPE base 10,000 */
            new Named("gemma-3-1b", new ModelShape("Gemma3ForCausalLM", 262144, 1152, 6912, 26, 4, 1, 256, true, 1e-6,
                    32768, "bfloat16", Map.of("query_pre_attn_scalar", 256, "sliding_window", 512))),
            /* microsoft/Phi-3-mini-4k-instruct: fused qkv_proj and gate_up_proj, 2047-token window (Phi-3.5-mini's
               shape is the same, but its longrope scaling is refused by name, so the 4k variant stands in) */
            new Named("phi-3-mini", new ModelShape("Phi3ForCausalLM", 32064, 3072, 8192, 32, 32, 32, 0, false, 1e-5,
                    4096, "bfloat16", Map.of("sliding_window", 2047))));

    static final List<ModelBackend> BACKENDS = List.of(new LlamaBackend(), new BloomBackend(), new GemmaBackend());

    private RandomCheckpoint() {
    }

    static Named named(String name) {
        return SHAPES.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown shape " + name + "; known: " + SHAPES.stream().map(Named::name).toList()));
    }

    /** The backend that runs {@code architecture}. */
    static ModelBackend backend(String architecture) {
        return BACKENDS.stream().filter(b -> b.architectures().contains(architecture)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no backend for " + architecture));
    }

    static CheckpointLayout layout(Named s) {
        return backend(s.shape().architecture()).layout(s.shape());
    }

    /** Writes the checkpoint unless {@code dir} already holds it. */
    static void write(Named s, Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve("config.json"))) {
            return;
        }
        String dtype = s.shape().torchDtype().equals("bfloat16") ? "BF16" : "F16";
        FreshCheckpoint.write(dir, layout(s), dtype, FreshCheckpoint.uniform(0.02), FreshCheckpoint.SHARD_BYTES);
    }
}
