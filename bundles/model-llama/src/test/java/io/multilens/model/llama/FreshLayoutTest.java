package io.multilens.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.multilens.api.model.FreshCheckpoint;
import io.multilens.api.model.CheckpointLayout;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.ModelShape;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The backend's own layout of a fresh checkpoint, for shapes no fixture has (head_dim not hidden /
 * heads, grouped queries, 16-bit shards with an index): written, it loads with no tensor missing
 * or left over, with the shape it was asked for, and runs.
 */
class FreshLayoutTest {

    @ParameterizedTest
    @CsvSource({"LlamaForCausalLM, 0, F32", "MistralForCausalLM, 0, F16", "Qwen2ForCausalLM, 0, BF16", "Phi3ForCausalLM, 0, F16",
            "Qwen3ForCausalLM, 24, F32", "Qwen3ForCausalLM, 8, BF16"})
    void aFreshCheckpointLoadsWithTheShapeAskedFor(String architecture, int headDim, String dtype, @TempDir Path tmp)
            throws Exception {
        ModelShape shape = new ModelShape(architecture, 97, 48, 80, 2, 4, 2, headDim, headDim == 8, 0, 0,
                dtype.equals("F32") ? "float32" : dtype.equals("F16") ? "float16" : "bfloat16", Map.of("rope_theta", 5e5));
        CheckpointLayout layout = new LlamaBackend().layout(shape);
        // tiny shards: the index and several files, as transformers writes large checkpoints
        FreshCheckpoint.write(tmp, layout, dtype, FreshCheckpoint.gaussian(7, 0.02), 20_000);
        assertTrue(Files.exists(tmp.resolve("model.safetensors.index.json")), "sharded");
        try (LanguageModel model = new LlamaBackend().load(tmp, LoadOptions.of("cpu"));
             NDManager scope = NDManager.newBaseManager()) {
            assertEquals(architecture, model.config().architecture());
            assertEquals(shape.resolvedHeadDim(), model.config().headDim());
            assertEquals(4, model.config().numHeads());
            assertEquals(2, model.config().numKvHeads());
            assertEquals(5e5, model.config().ropeTheta());
            assertEquals(layout.parameters() * 4, model.memoryBytes(), "every stored value, in float32");
            float[] logits = model.logits(scope, new int[][] {{1, 5, 9, 3}}, Intervention.NONE).toFloatArray();
            assertEquals(4 * 97, logits.length);
            for (float v : logits) {
                assertTrue(Float.isFinite(v));
            }
        }
    }
}
