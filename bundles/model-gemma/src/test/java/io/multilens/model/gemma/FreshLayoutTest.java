package io.multilens.model.gemma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.multilens.api.model.FreshCheckpoint;
import io.multilens.api.model.CheckpointLayout;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.ModelShape;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** Gemma-2's and Gemma-3's own layouts of a fresh checkpoint of a shape no fixture has loads and runs; an untied one is refused. */
class FreshLayoutTest {

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Gemma2ForCausalLM", "Gemma3ForCausalLM"})
    void aFreshCheckpointLoadsWithTheShapeAskedFor(String architecture, @TempDir Path tmp) throws Exception {
        ModelShape shape = new ModelShape(architecture, 101, 64, 96, 3, 4, 1, 32, true, 0, 0, "bfloat16",
                Map.of("sliding_window", 2));
        CheckpointLayout layout = new GemmaBackend().layout(shape);
        FreshCheckpoint.write(tmp, layout, "BF16", FreshCheckpoint.gaussian(3, 0.02), 30_000);
        try (LanguageModel model = new GemmaBackend().load(tmp, LoadOptions.of("cpu"));
             NDManager scope = NDManager.newBaseManager()) {
            assertEquals(32, model.config().headDim());
            assertEquals(1, model.config().numKvHeads());
            assertEquals(layout.parameters() * 4, model.memoryBytes());
            float[] logits = model.logits(scope, new int[][] {{2, 5, 9, 3, 7}}, Intervention.NONE).toFloatArray();
            for (float v : logits) {
                assertTrue(Float.isFinite(v) && Math.abs(v) <= 30f, "finite (and within Gemma-2's final soft-cap): " + v);
            }
        }
        ModelShape untied = new ModelShape(architecture, 101, 64, 96, 3, 4, 1, 32, false, 0, 0, "float32", Map.of());
        StepFailure f = assertThrows(StepFailure.class, () -> new GemmaBackend().layout(untied));
        assertTrue(f.getMessage().contains("tied"), f.getMessage());
    }
}
