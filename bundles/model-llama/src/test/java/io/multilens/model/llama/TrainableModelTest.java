package io.multilens.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.TrainableModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The training surface: shared parameters, a differentiable loss, and saving a loadable checkpoint. */
class TrainableModelTest {

    private static TrainableModel load(String fixture) {
        return (TrainableModel) Fixtures.load(fixture);
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN2, Fixtures.QWEN3, Fixtures.PHI3})
    void lossIsTheMeanNegativeLogProbOfEveryPredictedToken(String fixture) {
        int[][] docs = Fixtures.documents(fixture);
        try (TrainableModel model = load(fixture); NDManager scope = NDManager.newBaseManager()) {
            double sum = 0;
            int n = 0;
            for (double[] doc : model.tokenLogProbs(docs, Intervention.NONE)) {
                for (double lp : doc) {
                    sum -= lp;
                    n++;
                }
            }
            NDArray loss = model.loss(scope, docs, Intervention.NONE);
            assertEquals(0, loss.getShape().dimension());
            assertEquals(sum / n, loss.getFloat(), 1e-5 * sum / n);
        }
    }

    /** Backward against central differences, and a deactivated FFN neuron gets no gradient. */
    @Test
    void gradientsMatchFiniteDifferencesAndRespectMasks() {
        int[][] docs = Fixtures.documents(Fixtures.LLAMA);
        int neuron = 7;
        NeuronSet off = NeuronSet.of(Map.of(new NeuronGroup(1, Structure.FFN), new int[] {neuron}));
        try (TrainableModel model = load(Fixtures.LLAMA); NDManager scope = NDManager.newBaseManager()) {
            Map<String, NDArray> params = model.parameters();
            params.values().forEach(p -> p.setRequiresGradient(true));
            try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
                collector.backward(model.loss(scope, docs, Intervention.off(off)));
            }
            Map<String, float[]> grads = new HashMap<>();
            params.forEach((name, p) -> grads.put(name, p.getGradient().toFloatArray()));
            params.values().forEach(p -> p.setRequiresGradient(false));
            for (Map.Entry<String, float[]> g : grads.entrySet()) {
                assertTrue(maxAbs(g.getValue()) > 0, g.getKey() + " got no gradient");
            }
            int h = model.config().hiddenSize();
            int inter = model.config().intermediateSize();
            float[] up = grads.get("model.layers.1.mlp.up_proj.weight");      // [I, H]
            float[] down = grads.get("model.layers.1.mlp.down_proj.weight");  // [H, I]
            for (int j = 0; j < h; j++) {
                assertEquals(0f, up[neuron * h + j], "up_proj row of a deactivated neuron");
                assertEquals(0f, down[j * inter + neuron], "down_proj column of a deactivated neuron");
            }
            for (String name : List.of("model.norm.weight", "model.layers.2.self_attn.k_proj.weight",
                    "model.layers.0.mlp.up_proj.weight", "lm_head.weight", "model.embed_tokens.weight")) {
                float[] g = grads.get(name);
                int k = argMaxAbs(g);
                double fd = centralDifference(model, scope, docs, off, params.get(name), k);
                assertEquals(g[k], fd, 0.01 * Math.abs(g[k]) + 1e-4, name + "[" + k + "]");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN2, Fixtures.QWEN3, Fixtures.PHI3})
    void savedCheckpointLoadsToTheSameModel(String fixture, @TempDir Path tmp) throws Exception {
        int[][] docs = Fixtures.documents(fixture);
        Path source = Fixtures.copy(fixture, tmp.resolve("source"));
        TestTokenizers.writeNumberedWordLevel(source.resolve("tokenizer.json"), 300);
        Path saved = tmp.resolve("saved");
        try (TrainableModel model = (TrainableModel) Fixtures.load(source); NDManager scope = NDManager.newBaseManager()) {
            model.save(saved);
            try (TrainableModel again = (TrainableModel) Fixtures.load(saved)) {
                assertEquals(model.parameters().keySet(), again.parameters().keySet());
                assertArrayEquals(model.logits(scope, docs, Intervention.NONE).toFloatArray(),
                        again.logits(scope, docs, Intervention.NONE).toFloatArray());
                assertEquals(model.config(), again.config());
            }
            assertEquals(Files.readString(source.resolve("tokenizer.json")), Files.readString(saved.resolve("tokenizer.json")));
            assertTrue(Files.readString(saved.resolve("config.json")).contains("\"float32\""));
        }
    }

    @Test
    void parametersAreTheArraysTheForwardPassReads() {
        int[][] docs = Fixtures.documents(Fixtures.QWEN2);
        try (TrainableModel model = load(Fixtures.QWEN2); NDManager scope = NDManager.newBaseManager()) {
            int all = model.config().intermediateSize();
            NeuronSet ffn0 = NeuronSet.of(Map.of(new NeuronGroup(0, Structure.FFN), IntStream.range(0, all).toArray()));
            float[] masked = model.logits(scope, docs, Intervention.off(ffn0)).toFloatArray();
            model.parameters().get("model.layers.0.mlp.down_proj.weight").muli(0);
            assertArrayEquals(masked, model.logits(scope, docs, Intervention.NONE).toFloatArray(),
                    "a zero down_proj and deactivating every FFN neuron both zero the MLP output");
            assertTrue(!model.parameters().containsKey("lm_head.weight"), "tied lm_head is the embedding");
        }
    }

    private static double centralDifference(LanguageModel model, NDManager scope, int[][] docs, NeuronSet off,
                                            NDArray param, int flatIndex) {
        NDArray flat = param.reshape(-1);   // a view: writes reach the parameter
        float original = flat.getFloat(flatIndex);
        float eps = 1e-2f;
        flat.set(new NDIndex(flatIndex), original + eps);
        double plus = ((TrainableModel) model).loss(scope, docs, Intervention.off(off)).getFloat();
        flat.set(new NDIndex(flatIndex), original - eps);
        double minus = ((TrainableModel) model).loss(scope, docs, Intervention.off(off)).getFloat();
        flat.set(new NDIndex(flatIndex), original);
        return (plus - minus) / (2 * eps);
    }

    private static int argMaxAbs(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (Math.abs(a[i]) > Math.abs(a[best])) {
                best = i;
            }
        }
        return best;
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
