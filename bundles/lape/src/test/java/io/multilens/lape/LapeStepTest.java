package io.multilens.lape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.multilens.api.data.LineCorpus;
import io.multilens.api.data.Safetensors;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.MlpTrace;
import io.multilens.api.model.ModelProvider;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.status.StepFailure;
import io.multilens.model.llama.LlamaBackend;
import io.multilens.testkit.TestStepContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LAPE on the embedded model: the tallies equal a count made independently from the traced gate
 * activations, and every selected unit's probability for its language is above the bar.
 */
class LapeStepTest {

    private static final int DOCS = 12;
    private static final int SKIP = 800;

    @TempDir
    Path out;

    @Test
    void countsMatchAnIndependentCountAndSelectedUnitsClearTheBar() throws Exception {
        Path repo = Path.of(System.getProperty("multilens.repo"));
        Path modelDir = repo.resolve("models/multilens-tiny-10l");
        try (LanguageModel model = new LlamaBackend().load(modelDir, LoadOptions.of("cpu"))) {
            ModelProvider models = (d, device, dtype) -> model;
            Map<String, Object> o = Map.of("model", modelDir.toString(), "languages", List.of("en", "zh", "ru"),
                    "corpus", repo.resolve("data/sentences/{lang}.txt").toString(), "skip_documents", (long) SKIP,
                    "max_documents", (long) DOCS, "max_tokens", 64L, "batch_size", 5L, "top_rate", 0.05);
            new LapeStep().run(new TestStepContext(LapeStep.INFO, o, out, repo, models));

            Map<String, Safetensors.Doubles> tally = Safetensors.readDoubles(out.resolve("tallies/zh.safetensors"));
            Map<String, String> meta = Safetensors.metadata(out.resolve("tallies/zh.safetensors"));
            long[][] independent = new long[model.config().numLayers()][model.config().intermediateSize()];
            long tokens = 0;
            for (String line : LineCorpus.read(LineCorpus.file(repo.resolve("data/sentences/{lang}.txt"), "zh"), SKIP, DOCS, null)) {
                int[] ids = model.tokenizer().encode(line, 64);
                for (int id : ids) {
                    tokens += id == model.config().bosTokenId() || model.config().eosTokenIds().contains(id) ? 0 : 1;
                }
                try (NDManager scope = model.manager().newSubManager()) {
                    model.trace(scope, new int[][] {ids}, Intervention.NONE, new LayerProbe() {
                        @Override
                        public void mlp(int layer, MlpTrace trace) {
                            float[] gate = trace.gate().toFloatArray();
                            int units = independent[layer].length;
                            for (int t = 0; t < ids.length; t++) {
                                boolean special = ids[t] == model.config().bosTokenId()
                                        || model.config().eosTokenIds().contains(ids[t]);
                                for (int u = 0; u < units && !special; u++) {
                                    independent[layer][u] += gate[t * units + u] > 0 ? 1 : 0;
                                }
                            }
                        }
                    });
                }
            }
            assertEquals(Long.toString(tokens), meta.get("tokens"));
            for (int l = 0; l < independent.length; l++) {
                double[] counted = tally.get("layers." + l + ".mlp.ffn.positive").data();
                for (int u = 0; u < counted.length; u++) {
                    assertEquals(independent[l][u], (long) counted[u], "layer " + l + " unit " + u);
                }
            }

            LanguageNeurons found = LanguageNeurons.read(out.resolve("neurons.json"));
            double bar = ((Number) ((Map<?, ?>) found.provenance().get("thresholds")).get("activation_bar")).doubleValue();
            int total = 0;
            for (String lang : List.of("en", "zh", "ru")) {
                NeuronSet set = found.byLanguage().get(lang);
                for (NeuronGroup g : set.groups()) {
                    assertTrue(g.structure() == io.multilens.api.neurons.Structure.FFN, "LAPE selects FFN units only: " + g);
                    for (double p : found.importance(lang, g)) {
                        assertTrue(p > bar, lang + " " + g + ": probability " + p + " not above the bar " + bar);
                    }
                }
                total += set.size();
            }
            assertTrue(total > 0, "some unit is specific to some language");
        }
    }

    /** Two shards of the corpus merged select exactly what one pass over both would. */
    @Test
    void shardsMergeToTheSinglePassResult() throws Exception {
        Path repo = Path.of(System.getProperty("multilens.repo"));
        Path modelDir = repo.resolve("models/multilens-tiny-10l");
        try (LanguageModel model = new LlamaBackend().load(modelDir, LoadOptions.of("cpu"))) {
            ModelProvider models = (d, device, dtype) -> model;
            Path[] outs = new Path[3];
            long[][] ranges = {{800, 6}, {806, 6}, {800, 12}};
            for (int i = 0; i < 3; i++) {
                outs[i] = java.nio.file.Files.createDirectories(out.resolve("run" + i));
                new LapeStep().run(new TestStepContext(LapeStep.INFO, Map.of("model", modelDir.toString(),
                        "languages", List.of("en", "zh", "ru"), "corpus", repo.resolve("data/sentences/{lang}.txt").toString(),
                        "skip_documents", ranges[i][0], "max_documents", ranges[i][1], "max_tokens", 64L, "top_rate", 0.05),
                        outs[i], repo, models));
            }
            Path merged = java.nio.file.Files.createDirectories(out.resolve("merged"));
            new MergeStep().run(new TestStepContext(MergeStep.INFO, Map.of("shards",
                    List.of(outs[0].resolve("tallies").toString(), outs[1].resolve("tallies").toString()), "top_rate", 0.05,
                    "languages", List.of("en", "zh", "ru")), merged, repo, models));
            LanguageNeurons single = LanguageNeurons.read(outs[2].resolve("neurons.json"));
            LanguageNeurons both = LanguageNeurons.read(merged.resolve("neurons.json"));
            assertEquals(single.byLanguage(), both.byLanguage());
            // in the lape steps' order, not the tally files' (en, ru, zh)
            assertEquals(List.of("en", "zh", "ru"), List.copyOf(both.byLanguage().keySet()));
            assertEquals(List.copyOf(single.byLanguage().keySet()), List.copyOf(both.byLanguage().keySet()));
            for (String lang : List.of("en", "zh", "ru")) {
                assertEquals(Safetensors.metadata(outs[2].resolve("tallies/" + lang + ".safetensors")).get("tokens"),
                        Safetensors.metadata(merged.resolve("tallies/" + lang + ".safetensors")).get("tokens"));
                Map<String, Safetensors.Doubles> a = Safetensors.readDoubles(outs[2].resolve("tallies/" + lang + ".safetensors"));
                Map<String, Safetensors.Doubles> b = Safetensors.readDoubles(merged.resolve("tallies/" + lang + ".safetensors"));
                a.forEach((k, v) -> org.junit.jupiter.api.Assertions.assertArrayEquals(v.data(), b.get(k).data(), 0, k));
            }
        }
    }

    @Test
    void oneLanguageIsNotAComparison() {
        Path repo = Path.of(System.getProperty("multilens.repo"));
        StepFailure e = assertThrows(StepFailure.class, () -> new LapeStep().run(new TestStepContext(LapeStep.INFO,
                Map.of("model", "m", "languages", List.of("en"), "corpus", "c/{lang}.txt"), out, repo,
                (d, device, dtype) -> {
                    throw new AssertionError("no model needed to refuse");
                })));
        assertTrue(e.getMessage().contains("at least two"), e.getMessage());
    }

    /** validate refuses the rates the run would refuse, for lape and lape.merge alike. */
    @Test
    void ratesOutsideAFractionAreRefusedAtValidateTime() {
        for (var info : List.of(LapeStep.INFO, MergeStep.INFO)) {
            for (String rate : List.of("top_rate", "filter_rate", "activation_bar_ratio")) {
                var spec = info.option(rate).orElseThrow();
                assertTrue(!spec.inRange(1.5) && !spec.inRange(-0.1) && spec.inRange(0.5), info.name() + " " + rate);
            }
        }
    }
}
