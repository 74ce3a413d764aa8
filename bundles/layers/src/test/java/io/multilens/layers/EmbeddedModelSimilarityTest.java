package io.multilens.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.data.LineCorpus;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.ModelProvider;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.model.llama.LlamaBackend;
import io.multilens.testkit.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the embedded model: the step's cross-lingual cosines equal an independent float64
 * computation (the residual stream read one document at a time, pooled and compared in doubles)
 * to 1e-4, and every layer's decoded shares sum to 1.
 */
class EmbeddedModelSimilarityTest {

    private static final int DOCS = 6;
    private static final int SKIP = 900;

    @TempDir
    Path out;

    @Test
    void cosinesMatchAFloat64Computation() throws Exception {
        Path repo = Path.of(System.getProperty("multilens.repo"));
        Path modelDir = repo.resolve("models/multilens-tiny-10l");
        try (LanguageModel model = new LlamaBackend().load(modelDir, LoadOptions.of("cpu"))) {
            ModelProvider models = (d, device, dtype) -> model;
            Map<String, Object> o = Map.of("model", modelDir.toString(), "languages", List.of("en", "zh", "ru"),
                    "corpus", repo.resolve("data/sentences/{lang}.txt").toString(), "skip_documents", (long) SKIP,
                    "max_documents", (long) DOCS, "max_tokens", 64L, "batch_size", 4L);
            TestStepContext ctx = new TestStepContext(LayersStep.INFO, o, out, repo, models);
            new LayersStep().run(ctx);
            JsonNode root = new ObjectMapper().readTree(out.resolve("layers.json").toFile());

            int depths = model.config().numLayers() + 1;
            double[][][] en = pooled(model, repo, "en", depths);
            for (String lang : List.of("en", "zh", "ru")) {
                double[][][] mine = pooled(model, repo, lang, depths);
                JsonNode layers = root.path("languages").path(lang).path("layers");
                for (int d = 0; d < depths; d++) {
                    double parallel = 0;
                    double mismatched = 0;
                    for (int n = 0; n < DOCS; n++) {
                        parallel += cosine(mine[n][d], en[n][d]);
                        mismatched += cosine(mine[n][d], en[(n + 1) % DOCS][d]);
                    }
                    JsonNode s = layers.get(d).path("similarity");
                    assertEquals(parallel / DOCS, s.path("parallel").asDouble(), 1e-4, lang + " layer " + d);
                    assertEquals(mismatched / DOCS, s.path("mismatched").asDouble(), 1e-4, lang + " layer " + d);
                    double sum = 0;
                    for (JsonNode share : layers.get(d).path("decoded")) {
                        sum += share.asDouble();
                    }
                    assertEquals(1.0, sum, 1e-9);
                }
            }
            System.out.println(Files.readString(out.resolve("layers.csv")));
            assertTrue(root.path("languages").path("zh").path("tokens").asInt() > 0);
        }
    }

    /** [doc][depth][H] mean over the document's tokens other than BOS/EOS, in doubles from the float32 stream. */
    private static double[][][] pooled(LanguageModel model, Path repo, String lang, int depths) throws Exception {
        List<String> lines = LineCorpus.read(LineCorpus.file(repo.resolve("data/sentences/{lang}.txt"), lang), SKIP, DOCS, null);
        double[][][] out = new double[lines.size()][depths][];
        for (int n = 0; n < lines.size(); n++) {
            int[] ids = model.tokenizer().encode(lines.get(n), 64);
            int doc = n;
            try (NDManager scope = model.manager().newSubManager()) {
                model.trace(scope, new int[][] {ids}, Intervention.NONE, new LayerProbe() {
                    @Override
                    public void residual(int depth, NDArray hidden, NDArray valid) {
                        float[] h = hidden.toFloatArray();
                        int size = (int) hidden.getShape().get(2);
                        double[] mean = new double[size];
                        int count = 0;
                        for (int t = 0; t < ids.length; t++) {
                            if (ids[t] == model.config().bosTokenId() || model.config().eosTokenIds().contains(ids[t])) {
                                continue;
                            }
                            count++;
                            for (int j = 0; j < size; j++) {
                                mean[j] += h[t * size + j];
                            }
                        }
                        for (int j = 0; j < size; j++) {
                            mean[j] /= count;
                        }
                        out[doc][depth] = mean;
                    }
                });
            }
        }
        return out;
    }

    private static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na) / Math.sqrt(nb);
    }

    /** The paper's Fig. 1 lens (head alone, top-10 classified) is another measurement, and the file says which ran. */
    @Test
    void theLensWithoutTheFinalNormAndTopTenClassification() throws Exception {
        Path repo = Path.of(System.getProperty("multilens.repo"));
        Path modelDir = repo.resolve("models/multilens-tiny-10l");
        try (LanguageModel model = new LlamaBackend().load(modelDir, LoadOptions.of("cpu"))) {
            ModelProvider models = (d, device, dtype) -> model;
            Map<String, JsonNode> runs = new java.util.HashMap<>();
            for (String lens : List.of("final-norm", "no-norm")) {
                Path dir = Files.createDirectories(out.resolve(lens));
                Map<String, Object> o = new java.util.HashMap<>(Map.of("model", modelDir.toString(), "languages", List.of("en", "ru"),
                        "corpus", repo.resolve("data/sentences/{lang}.txt").toString(), "skip_documents", (long) SKIP,
                        "max_documents", 4L, "max_tokens", 64L, "lens", lens));
                o.put("classify_top", lens.equals("no-norm") ? 10L : 1L);
                new LayersStep().run(new TestStepContext(LayersStep.INFO, o, dir, repo, models));
                runs.put(lens, new ObjectMapper().readTree(dir.resolve("layers.json").toFile()));
            }
            assertEquals("no-norm", runs.get("no-norm").path("lens").asText());
            assertEquals(10, runs.get("no-norm").path("classify_top").asInt());
            assertEquals("final-norm", runs.get("final-norm").path("lens").asText());
            boolean differs = false;
            for (int d = 0; d < model.config().numLayers() + 1; d++) {
                JsonNode a = runs.get("final-norm").path("languages").path("ru").path("layers").get(d).path("decoded");
                JsonNode b = runs.get("no-norm").path("languages").path("ru").path("layers").get(d).path("decoded");
                double sum = 0;
                for (JsonNode v : b) {
                    sum += v.asDouble();
                }
                assertEquals(1.0, sum, 1e-9, "shares of the top-10 tokens sum to 1");
                differs |= Math.abs(a.path("own").asDouble() - b.path("own").asDouble()) > 1e-6;
            }
            assertTrue(differs, "the two measurements differ somewhere");
        }
    }
}
