package io.multilens.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.TrainableModel;
import io.multilens.model.llama.LlamaBackend;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {

    @Test
    void oneStepDecreasesTheLossOnAFixedBatch() {
        Path dir = Path.of(System.getProperty("multilens.repo"), "testdata/fixtures/tiny-llama");
        int[][] batch = {{5, 17, 33, 2, 99, 140, 7, 8, 61}, {250, 3, 3, 61, 12, 9, 44, 1, 70}};
        try (TrainableModel model = (TrainableModel) new LlamaBackend().load(dir, io.multilens.api.model.LoadOptions.of("cpu"));
             AdamW adam = new AdamW(model.manager(), 0.9, 0.95, 1e-8, 0.1)) {
            Map<String, NDArray> params = model.parameters();
            params.values().forEach(p -> p.setRequiresGradient(true));
            double before;
            try (NDManager scope = model.manager().newSubManager()) {
                before = Gradients.backward(model, scope, batch, 1);
                Map<String, NDArray> grads = Gradients.of(scope, params, params.keySet());
                GradientClipping.clipGlobalNorm(scope, grads.values(), 1.0);
                adam.step(params, grads, 1e-3);
                Gradients.zero(grads.values());
            }
            double after;
            try (NDManager scope = model.manager().newSubManager()) {
                after = Gradients.backward(model, scope, batch, 1);
            }
            assertTrue(after < before - 1e-3, "loss " + before + " -> " + after);
        }
    }
}
