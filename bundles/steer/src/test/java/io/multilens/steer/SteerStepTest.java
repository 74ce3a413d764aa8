package io.multilens.steer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.ModelProvider;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.status.StepFailure;
import io.multilens.model.llama.LlamaBackend;
import io.multilens.testkit.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Steering the embedded model from English prompts: outputs, the language identifier, and the no-op guard. */
class SteerStepTest {

    @TempDir
    Path dir;

    @Test
    void steersJudgesAndRefusesATargetWithNothingToSteer() throws Exception {
        Path repo = Path.of(System.getProperty("multilens.repo"));
        Path modelDir = repo.resolve("models/multilens-tiny-10l");
        NeuronGroup f0 = NeuronGroup.parse("layers.0.mlp.ffn");
        NeuronGroup f1 = NeuronGroup.parse("layers.1.mlp.ffn");
        int[] many = java.util.stream.IntStream.range(0, 120).toArray();
        new LanguageNeurons(Map.of("ru", NeuronSet.of(Map.of(f0, many, f1, many)), "zh", NeuronSet.empty(),
                "en", NeuronSet.of(Map.of(f0, new int[] {1, 200, 201}))), Map.of()).write(dir.resolve("neurons.json"));
        try (LanguageModel model = new LlamaBackend().load(modelDir, LoadOptions.of("cpu"))) {
            ModelProvider models = (d, device, dtype) -> model;
            Map<String, Object> o = new HashMap<>(Map.of("model", modelDir.toString(),
                    "corpus", repo.resolve("data/sentences/{lang}.txt").toString(), "mean_max_documents", 10L,
                    "prompt_max_documents", 4L, "prompt_tokens", 12L, "max_new_tokens", 24L, "multiplier", 8.0));
            Path strict = Files.createDirectories(dir.resolve("strict"));
            StepFailure e = assertThrows(StepFailure.class, () -> new SteerStep().run(
                    new TestStepContext(SteerStep.INFO, o, strict, dir, models).input("neurons", dir.resolve("neurons.json"))));
            assertTrue(e.getMessage().contains("'zh' has no FFN neuron to steer"), e.getMessage());

            o.put("allow_noop_conditions", true);
            Path out = Files.createDirectories(dir.resolve("out"));
            new SteerStep().run(new TestStepContext(SteerStep.INFO, o, out, dir, models).input("neurons", dir.resolve("neurons.json")));
            JsonNode root = new ObjectMapper().readTree(out.resolve("steering.json").toFile());
            assertEquals("lape", root.path("mode").asText(), "LAPE's recipe is the default, and steering.json says so");
            JsonNode ru = root.path("languages").path("ru");
            assertEquals(240, ru.path("neurons").asInt());
            assertEquals(2, ru.path("switched_off").asInt(), "en's units 200, 201 are off; unit 1 is ru's too, so it is steered");
            assertEquals(4, ru.path("prompts").asInt());
            assertTrue(ru.path("changed_prompts").asInt() > 0, "holding 240 units at 8x their Russian mean changes something: " + ru);
            double share = ru.path("share_target").asDouble();
            assertTrue(share >= 0 && share <= 1);
            assertTrue(ru.path("nll_per_token").isNumber() && ru.path("nll_per_token_unsteered").isNumber(), ru.toString());
            double shares = ru.path("share_target").asDouble() + ru.path("share_undecided").asDouble();
            assertTrue(ru.has("share_undecided") && shares <= 1.0 + 1e-12, ru.toString());
            double[] ci = Shares.wilson((int) Math.round(share * 4), 4);
            assertEquals(ci[0], ru.path("share_target_ci95").get(0).asDouble(), 1e-12, ru.toString());
            assertEquals(ci[1], ru.path("share_target_ci95").get(1).asDouble(), 1e-12, ru.toString());
            // relevance: the continuations' chrF against Russian lines 900-903, the prompts' translations
            List<String> reference = io.multilens.api.data.LineCorpus.read(repo.resolve("data/sentences/ru.txt"), 900, 4, null);
            List<JsonNode> rows = new java.util.ArrayList<>();
            for (String line : Files.readAllLines(out.resolve("generations.jsonl"))) {
                JsonNode row = new ObjectMapper().readTree(line);
                if (row.path("condition").asText().equals("ru")) {
                    rows.add(row);
                }
            }
            double chrf = 0;
            for (int p = 0; p < 4; p++) {
                chrf += ChrF.score(rows.get(p).path("steered").asText(), reference.get(p)) / 4;
            }
            assertEquals(chrf, ru.path("relevance_chrf").asDouble(), 1e-12, ru.toString());
            assertEquals(Relevance.harmonicMean(share, chrf), ru.path("control_relevance_harmonic_mean").asDouble(), 1e-12);

            o.put("multiplier", Double.POSITIVE_INFINITY);
            Path infinite = Files.createDirectories(dir.resolve("infinite"));
            StepFailure inf = assertThrows(StepFailure.class, () -> new SteerStep().run(
                    new TestStepContext(SteerStep.INFO, o, infinite, dir, models).input("neurons", dir.resolve("neurons.json"))));
            assertTrue(inf.getMessage().contains("'multiplier' is Infinity; give a finite number"), inf.getMessage());
            List<String> lines = Files.readAllLines(out.resolve("generations.jsonl"));
            assertEquals(2 * 4, lines.size(), "one line per target and prompt (en is the prompt language, not a target)");
            assertTrue(new ObjectMapper().readTree(out.resolve("steering.json").toFile()).path("config").path("warnings")
                    .toString().contains("'zh' has no FFN neuron"));
        }
    }

    /**
     * The two neuron modes on one target: set-mean holds each unit at its mean value (act(gate) * up),
     * lape holds act(gate) at its mean and switches the prompt language's units off. Their means are
     * recomputed here from a trace, in doubles, and the steered generation must equal generating
     * with those interventions.
     */
    @Test
    void theModesHoldTheMeansTheySayAndLapeSilencesThePromptLanguage() throws Exception {
        Path repo = Path.of(System.getProperty("multilens.repo"));
        Path modelDir = repo.resolve("models/multilens-tiny-10l");
        NeuronGroup f2 = NeuronGroup.parse("layers.2.mlp.ffn");
        int[] ruUnits = java.util.stream.IntStream.range(0, 60).toArray();
        int[] enUnits = java.util.stream.IntStream.range(100, 160).toArray();
        new LanguageNeurons(Map.of("ru", NeuronSet.of(Map.of(f2, ruUnits)), "en", NeuronSet.of(Map.of(f2, enUnits))), Map.of())
                .write(dir.resolve("modes.json"));
        try (LanguageModel model = new LlamaBackend().load(modelDir, LoadOptions.of("cpu"))) {
            ModelProvider models = (d, device, dtype) -> model;
            List<String> lines = io.multilens.api.data.LineCorpus.read(repo.resolve("data/sentences/ru.txt"), 800, 4, null);
            double[][] means = means(model, lines);   // [0] act(gate), [1] act(gate) * up, for layer 2's units
            for (String mode : List.of("lape", "set-mean")) {
                Map<String, Object> o = new HashMap<>(Map.of("model", modelDir.toString(), "mode", mode, "languages", List.of("ru"),
                        "corpus", repo.resolve("data/sentences/{lang}.txt").toString(), "mean_max_documents", 4L,
                        "prompt_max_documents", 3L, "prompt_tokens", 10L, "max_new_tokens", 12L, "multiplier", 3.0,
                        "allow_noop_conditions", true));
                Path out = Files.createDirectories(dir.resolve(mode));
                new SteerStep().run(new TestStepContext(SteerStep.INFO, o, out, dir, models).input("neurons", dir.resolve("modes.json")));
                JsonNode root = new ObjectMapper().readTree(out.resolve("steering.json").toFile());
                assertEquals(mode, root.path("mode").asText());
                float[] v = new float[ruUnits.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (3.0 * means[mode.equals("lape") ? 0 : 1][ruUnits[i]]);
                }
                io.multilens.api.neurons.NeuronValues values = io.multilens.api.neurons.NeuronValues.of(Map.of(f2,
                        new io.multilens.api.neurons.NeuronValues.Entry(ruUnits, v)));
                io.multilens.api.neurons.Intervention expected = mode.equals("lape")
                        ? io.multilens.api.neurons.Intervention.gate(NeuronSet.of(Map.of(f2, enUnits)), values)
                        : io.multilens.api.neurons.Intervention.hold(values);
                List<String> prompts = io.multilens.api.data.LineCorpus.read(repo.resolve("data/sentences/en.txt"), 900, 3, null);
                int[][] ids = prompts.stream().map(l -> model.tokenizer().encode(l, 10)).toArray(int[][]::new);
                List<String> want = model.generate(ids, new io.multilens.api.model.GenerationOptions(12, List.of(), true), expected);
                List<String> got = Files.readAllLines(out.resolve("generations.jsonl")).stream()
                        .map(l -> {
                            try {
                                return new ObjectMapper().readTree(l).path("steered").asText();
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }).toList();
                assertEquals(want, got, mode);
                assertEquals(mode.equals("lape") ? 60 : 0, root.path("languages").path("ru").path("switched_off").asInt(), mode);
            }
        }
    }

    /** Layer 2's mean act(gate) and mean act(gate) * up over the content tokens of {@code lines}. */
    private static double[][] means(LanguageModel model, List<String> lines) {
        int units = model.config().intermediateSize();
        return new double[][] {
            contentMean(model, lines, units, seen -> new io.multilens.api.model.LayerProbe() {
                @Override
                public void mlp(int layer, io.multilens.api.model.MlpTrace trace) {
                    if (layer == 2) {
                        seen.accept(trace.activated().toFloatArray());
                    }
                }
            }),
            contentMean(model, lines, units, seen -> new io.multilens.api.model.LayerProbe() {
                @Override
                public void mlp(int layer, io.multilens.api.model.MlpTrace trace) {
                    if (layer == 2) {
                        seen.accept(trace.act().toFloatArray());
                    }
                }
            })};
    }

    /**
     * The mean over the content tokens (BOS/EOS excluded) of {@code lines}, each run alone, of the
     * [T, width] tensor the probe hands over, in doubles.
     */
    private static double[] contentMean(LanguageModel model, List<String> lines, int width,
                                        java.util.function.Function<java.util.function.Consumer<float[]>,
                                                io.multilens.api.model.LayerProbe> probe) {
        io.multilens.api.model.ContentTokens content = new io.multilens.api.model.ContentTokens(model.config());
        double[] sum = new double[width];
        long tokens = 0;
        for (String line : lines) {
            int[] ids = model.tokenizer().encode(line, 256);
            boolean[] keep = content.mask(List.of(ids))[0];
            float[][] seen = new float[1][];
            try (ai.djl.ndarray.NDManager scope = model.manager().newSubManager()) {
                model.trace(scope, new int[][] {ids}, io.multilens.api.neurons.Intervention.NONE, probe.apply(x -> seen[0] = x));
            }
            for (int t = 0; t < keep.length; t++) {
                if (keep[t]) {
                    tokens++;
                    for (int h = 0; h < width; h++) {
                        sum[h] += seen[0][t * width + h];
                    }
                }
            }
        }
        for (int h = 0; h < width; h++) {
            sum[h] /= tokens;
        }
        return sum;
    }

    @Test
    void sharesCarryWilsonIntervals() {
        // closed forms: 0 of n has upper bound z^2/(n+z^2); n of n has lower bound n/(n+z^2)
        double z2 = 1.959963984540054 * 1.959963984540054;
        assertEquals(0.0, Shares.wilson(0, 10)[0], 1e-12);
        assertEquals(z2 / (10 + z2), Shares.wilson(0, 10)[1], 1e-12);
        assertEquals(10 / (10 + z2), Shares.wilson(10, 10)[0], 1e-12);
        // 3 of 20 (published: 0.0524 to 0.3604)
        assertEquals(0.0524, Shares.wilson(3, 20)[0], 5e-5);
        assertEquals(0.3604, Shares.wilson(3, 20)[1], 5e-5);
    }

    @Test
    void rangesTheStepCannotRunWithAreRefusedBeforeItRuns() {
        java.util.function.Function<String, io.multilens.api.plugin.OptionSpec> spec =
                n -> SteerStep.INFO.options().stream().filter(x -> x.name().equals(n)).findFirst().orElseThrow();
        assertTrue(!spec.apply("prompt_tokens").inRange(-4) && !spec.apply("max_new_tokens").inRange(0)
                && !spec.apply("prompt_max_documents").inRange(-1) && !spec.apply("mean_max_documents").inRange(-1)
                && !spec.apply("min_relative_distance").inRange(1.5));
    }

    @Test
    void theLanguageIdentifierTellsTheCorporaApart() throws Exception {
        Path repo = Path.of(System.getProperty("multilens.repo"));
        try (LanguageId id = new LanguageId(List.of("en", "fr", "ru", "zh", "ar", "th"))) {
            for (String lang : List.of("en", "fr", "ru", "zh", "ar", "th")) {
                String line = Files.readAllLines(repo.resolve("data/sentences/" + lang + ".txt")).get(900);
                assertEquals(lang, id.identify(line), line);
            }
            assertEquals("", id.identify("12345 !!!"), "no letters: undecided");
        }
        assertThrows(StepFailure.class, () -> new LanguageId(List.of("en", "fr"), 1.0));
    }

    /**
     * DiffMean: the saved vector is the target's mean residual minus the prompt language's, over
     * content tokens, recomputed here document by document in doubles; each depth and strength is
     * a condition, and the shift changes continuations.
     */
    @Test
    void diffMeanSteersWithTheMeanDifferenceOfTheResidualStream() throws Exception {
        Path repo = Path.of(System.getProperty("multilens.repo"));
        Path modelDir = repo.resolve("models/multilens-tiny-10l");
        try (LanguageModel model = new LlamaBackend().load(modelDir, LoadOptions.of("cpu"))) {
            ModelProvider models = (d, device, dtype) -> model;
            Map<String, Object> o = new HashMap<>(Map.of("model", modelDir.toString(), "method", "diffmean",
                    "languages", List.of("ru"), "layers", List.of("2", "3"), "strength", List.of(8.0),
                    "corpus", repo.resolve("data/sentences/{lang}.txt").toString(), "mean_max_documents", 6L,
                    "prompt_max_documents", 4L, "prompt_tokens", 12L, "max_new_tokens", 24L));
            o.put("allow_noop_conditions", true);
            Path out = Files.createDirectories(dir.resolve("diffmean"));
            new SteerStep().run(new TestStepContext(SteerStep.INFO, o, out, dir, models));
            JsonNode root = new ObjectMapper().readTree(out.resolve("steering.json").toFile());
            assertEquals("diffmean", root.path("method").asText());
            JsonNode c = root.path("languages").path("ru.layers.2.x8");
            assertEquals("ru", c.path("target").asText());
            assertEquals(2, c.path("layer").asInt());
            assertEquals(8.0, c.path("strength").asDouble());
            assertTrue(root.path("languages").has("ru.layers.3.x8"), root.path("languages").toString());
            assertTrue(c.path("changed_prompts").asInt() + root.path("languages").path("ru.layers.3.x8").path("changed_prompts").asInt() > 0,
                    "a shift of 8 mean differences changes something");
            var vectors = io.multilens.api.data.Safetensors.read(out.resolve("vectors.safetensors"));
            assertEquals(java.util.Set.of("layers.2.ru", "layers.3.ru"), vectors.keySet());
            float[] saved = vectors.get("layers.2.ru").data();
            double[] ru = meanResidual(model, repo, "ru", 2);
            double[] en = meanResidual(model, repo, "en", 2);
            for (int h = 0; h < saved.length; h++) {
                assertEquals(ru[h] - en[h], saved[h], 1e-4, "dimension " + h);
            }
            // the two conditions generated in one batch (the default) or one after the other: the same continuations
            o.put("conditions_per_pass", 1L);
            Path oneByOne = Files.createDirectories(dir.resolve("diffmean-one-by-one"));
            new SteerStep().run(new TestStepContext(SteerStep.INFO, o, oneByOne, dir, models));
            assertEquals(Files.readString(out.resolve("generations.jsonl")), Files.readString(oneByOne.resolve("generations.jsonl")));
        }
    }

    /** Mean residual at a depth over the content tokens of lines 800-805, one document at a time, in doubles. */
    private static double[] meanResidual(LanguageModel model, Path repo, String lang, int depth) throws Exception {
        List<String> lines = io.multilens.api.data.LineCorpus.read(repo.resolve("data/sentences/" + lang + ".txt"), 800, 6, null);
        return contentMean(model, lines, model.config().hiddenSize(), seen -> new io.multilens.api.model.LayerProbe() {
            @Override
            public void residual(int d, ai.djl.ndarray.NDArray hidden, ai.djl.ndarray.NDArray valid) {
                if (d == depth) {
                    seen.accept(hidden.toFloatArray());
                }
            }
        });
    }
}
