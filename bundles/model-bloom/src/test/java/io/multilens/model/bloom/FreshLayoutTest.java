package io.multilens.model.bloom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.multilens.api.model.FreshCheckpoint;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.ModelShape;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BLOOM's own layout of a fresh checkpoint loads and runs; a shape BLOOM cannot have is refused by name. */
class FreshLayoutTest {

    @Test
    void aFreshCheckpointLoadsAndAnImpossibleShapeIsRefused(@TempDir Path tmp) throws Exception {
        ModelShape shape = new ModelShape("BloomForCausalLM", 90, 40, 160, 2, 5, 5, 0, true, 0, 64, "float16", Map.of());
        FreshCheckpoint.write(tmp, new BloomBackend().layout(shape), "F16", FreshCheckpoint.uniform(0.02), FreshCheckpoint.SHARD_BYTES);
        try (LanguageModel model = new BloomBackend().load(tmp, LoadOptions.of("cpu"));
             NDManager scope = NDManager.newBaseManager()) {
            assertEquals(5, model.config().numHeads());
            assertEquals(90 * 3, model.logits(scope, new int[][] {{1, 2, 3}}, Intervention.NONE).toFloatArray().length);
        }
        ModelShape narrow = new ModelShape("BloomForCausalLM", 90, 40, 100, 2, 5, 5, 0, true, 0, 0, "float32", Map.of());
        StepFailure f = assertThrows(StepFailure.class, () -> new BloomBackend().layout(narrow));
        assertTrue(f.getMessage().contains("intermediate_size = 4 x hidden_size (160)"), f.getMessage());
    }
}
