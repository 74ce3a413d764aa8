package io.multilens.eval.tasks.xcsqa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.eval.tasks.StepOutputs;
import io.multilens.eval.tasks.TestData;
import io.multilens.eval.tasks.TinyModel;
import io.multilens.testkit.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XcsqaStepTest {

    @TempDir
    Path dir;

    @Test
    void optionsScoredByTheirOwnTokensAndTheMostLikelyChosen() throws Exception {
        Path modelDir = TinyModel.install(dir.resolve("model"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Path neurons = TinyModel.neurons(dir.resolve("neurons.json"), List.of("zh"));
        Map<String, Object> o = new HashMap<>();
        o.put("model", "model");
        o.put("languages", List.of("en", "zh"));
        o.put("data", TestData.resource("xcsqa") + "/{lang}/dev.jsonl");
        o.put("limit", 2L);
        o.put("normalize", "length");
        try (TinyModel models = new TinyModel()) {
            new XcsqaStep().run(new TestStepContext(XcsqaStep.INFO, o, out, dir, models).input("deactivate", neurons));

            StepOutputs.assertLayout(out, List.of("baseline", "zh"), List.of("en", "zh"), List.of("acc", "acc_norm"), 2);
            LanguageModel model = models.get(modelDir, "cpu");
            for (String condition : List.of("baseline", "zh")) {
                for (JsonNode p : StepOutputs.predictions(out, condition, "en")) {
                    assertTrue(p.get("prompt").asText().startsWith("Question: "));
                    // the chosen label has the highest mean log-probability per token
                    String best = argmax(p.get("output"), e -> e.get("logprob").asDouble() / e.get("tokens").asInt());
                    assertEquals(List.of("A", "B", "C", "D", "E"), StepOutputs.keys(p.get("output")));
                    assertEquals(best, p.get("answer").asText());
                    assertEquals(best.equals(p.get("gold").asText()) ? 1.0 : 0.0, p.get("acc").asDouble());
                    // acc_norm: the highest log-probability per character of the option's text (lm-eval)
                    String bestNorm = argmax(p.get("output"), e -> e.get("logprob").asDouble() / e.get("chars").asInt());
                    assertEquals(bestNorm.equals(p.get("gold").asText()) ? 1.0 : 0.0, p.get("acc_norm").asDouble());
                }
            }
            // recompute one option's log-likelihood under the condition "zh" with the model directly
            JsonNode first = StepOutputs.predictions(out, "zh", "en").get(0);
            assertEquals("B", first.get("gold").asText());
            int[] prompt = model.tokenizer().encode(first.get("prompt").asText());
            int[] option = model.tokenizer().encodePlain(" refrigerator");
            int[] doc = Arrays.copyOf(prompt, prompt.length + option.length);
            System.arraycopy(option, 0, doc, prompt.length, option.length);
            double[] lp = model.tokenLogProbs(new int[][] {doc}, Intervention.off(LanguageNeurons.read(neurons).byLanguage().get("zh")))[0];
            double expected = 0;
            for (int t = prompt.length - 1; t < doc.length - 1; t++) {
                expected += lp[t];
            }
            assertEquals(option.length, first.get("output").get("B").get("tokens").asInt());
            // acc_norm's length is the option's own, "refrigerator" (lm-eval's len(choice)), not " refrigerator"
            assertEquals("refrigerator".length(), first.get("output").get("B").get("chars").asInt());
            assertEquals(expected, first.get("output").get("B").get("logprob").asDouble(), 1e-4);
        }
    }

    /** A condition that switches off no neuron fails the step; allowed, it is a warning, and metrics.json says what each did. */
    @Test
    void aConditionWithNoNeuronFailsLoudly() throws Exception {
        TinyModel.install(dir.resolve("model"));
        Path neurons = dir.resolve("sets.json");
        new io.multilens.api.neurons.LanguageNeurons(Map.of("empty", io.multilens.api.neurons.NeuronSet.empty(),
                "zh", LanguageNeurons.read(TinyModel.neurons(dir.resolve("zh.json"), List.of("zh"))).byLanguage().get("zh")),
                Map.of()).write(neurons);
        Map<String, Object> o = new HashMap<>();
        o.put("model", "model");
        o.put("languages", List.of("en"));
        o.put("data", TestData.resource("xcsqa") + "/{lang}/dev.jsonl");
        o.put("limit", 2L);
        try (TinyModel models = new TinyModel()) {
            Path strict = Files.createDirectories(dir.resolve("strict"));
            io.multilens.api.status.StepFailure e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.multilens.api.status.StepFailure.class, () -> new XcsqaStep().run(
                            new TestStepContext(XcsqaStep.INFO, o, strict, dir, models).input("deactivate", neurons)));
            assertTrue(e.getMessage().contains("'empty' switches off no neuron"), e.getMessage());

            o.put("allow_noop_conditions", true);
            Path out = Files.createDirectories(dir.resolve("allowed"));
            new XcsqaStep().run(new TestStepContext(XcsqaStep.INFO, o, out, dir, models).input("deactivate", neurons));
            JsonNode metrics = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("metrics.json").toFile());
            assertEquals(0, metrics.path("interventions").path("empty").path("neurons").asInt());
            assertTrue(metrics.path("interventions").path("zh").path("neurons").asInt() > 0);
            assertEquals(2, metrics.path("interventions").path("zh").path("changed_outputs").asInt(),
                    "switching off zh's neurons moves every option's log-likelihood");
            assertTrue(metrics.toString().contains("'empty' switches off no neuron"), "recorded as a warning");
        }
    }

    /**
     * A SentencePiece-style tokenizer (as Llama-2's and Mistral's tokenizer.json: a "\u2581" prepended
     * and spaces replaced by it) gives an option tokenized alone a stray word-start token; tokenized
     * with its prompt, as lm-eval does, the option is only its word.
     */
    @Test
    void optionsAreTokenizedTogetherWithTheirPrompt() throws Exception {
        Path modelDir = TinyModel.install(dir.resolve("sp-model"));
        Files.writeString(modelDir.resolve("tokenizer.json"), """
                {"version": "1.0", "truncation": null, "padding": null,
                 "added_tokens": [{"id": 0, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false,
                                   "normalized": false, "special": true}],
                 "normalizer": {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "\u2581"},
                                {"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"}]},
                 "pre_tokenizer": {"type": "Split", "pattern": {"String": "\u2581"}, "behavior": "MergedWithNext",
                                   "invert": false},
                 "post_processor": null,
                 "decoder": null,
                 "model": {"type": "WordLevel", "unk_token": "<unk>",
                           "vocab": {"<unk>": 0, "\u2581": 1, "\u2581Question:": 2, "\u2581Where?": 3,
                                     "\u2581Answer:": 4, "\u2581Paris": 5, "\u2581Rome": 6}}}""");
        try (TinyModel models = new TinyModel()) {
            io.multilens.api.model.TextTokenizer tok = models.get(modelDir, "cpu").tokenizer();
            int[] alone = tok.encodePlain(" Paris");
            assertEquals(List.of(1, 5), Arrays.stream(alone).boxed().toList(), "alone: a stray \u2581 first");
            int[] cont = ChoiceScorer.continuation(tok, "Question: Where? Answer:", " Paris", alone);
            assertEquals(List.of(5), Arrays.stream(cont).boxed().toList());
        }
    }

    /** The option label with the highest score (the first on ties). */
    private static String argmax(JsonNode output, java.util.function.ToDoubleFunction<JsonNode> score) {
        String best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (String label : StepOutputs.keys(output)) {
            double s = score.applyAsDouble(output.get(label));
            if (s > bestScore) {
                bestScore = s;
                best = label;
            }
        }
        return best;
    }
}
