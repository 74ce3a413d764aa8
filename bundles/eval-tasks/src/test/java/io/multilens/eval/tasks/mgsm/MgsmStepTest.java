package io.multilens.eval.tasks.mgsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.api.status.StepFailure;
import io.multilens.eval.tasks.StepOutputs;
import io.multilens.eval.tasks.TestData;
import io.multilens.eval.tasks.TinyModel;
import io.multilens.eval.tasks.metrics.NumberAnswer;
import io.multilens.eval.tasks.template.TemplateSource;
import io.multilens.testkit.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MgsmStepTest {

    @TempDir
    Path dir;
    private TinyModel models;
    private Path out;

    @BeforeEach
    void setUp() throws Exception {
        TinyModel.install(dir.resolve("model"));
        models = new TinyModel();
        out = Files.createDirectories(dir.resolve("out"));
    }

    @AfterEach
    void tearDown() {
        models.close();
    }

    private Map<String, Object> options() {
        Map<String, Object> o = new HashMap<>();
        o.put("model", "model");
        o.put("languages", List.of("en", "zh"));
        o.put("data", TestData.resource("mgsm") + "/mgsm_{lang}.tsv");
        o.put("exemplars", TestData.resource("mgsm/mgsm_exemplars.json").toString());
        o.put("num_fewshot", 1L);
        o.put("limit", 2L);
        o.put("max_new_tokens", 6L);
        o.put("batch_size", 2L);
        return o;
    }

    @Test
    void baselineAndTheSetSwitchedOffEachScoredFromTheirOwnOutputs() throws Exception {
        Path neurons = TinyModel.neurons(dir.resolve("neurons.json"), List.of("zh"));
        TestStepContext ctx = new TestStepContext(MgsmStep.INFO, options(), out, dir, models).input("deactivate", neurons);
        new MgsmStep().run(ctx);

        StepOutputs.assertLayout(out, List.of("baseline", "zh"), List.of("en", "zh"), List.of("exact_match"), 2);
        assertEquals(6, StepOutputs.metrics(out).get("n-samples").get("en").get("original").asInt());
        for (String condition : List.of("baseline", "zh")) {
            List<JsonNode> en = StepOutputs.predictions(out, condition, "en");
            assertEquals(List.of("1", "2"), en.stream().map(p -> p.get("id").asText()).toList());
            assertEquals(List.of("18", "3"), en.stream().map(p -> p.get("gold").asText()).toList());
            for (JsonNode p : en) {
                // one native chain-of-thought exemplar, then the question
                String prompt = p.get("prompt").asText();
                assertTrue(prompt.startsWith("Question: Roger has 5 tennis balls."), prompt);
                assertTrue(prompt.contains("\nStep-by-Step Answer: Roger started with 5 balls."), prompt);
                assertTrue(prompt.endsWith("?\nStep-by-Step Answer:"), prompt);
                assertRescored(p);
            }
            for (JsonNode p : StepOutputs.predictions(out, condition, "zh")) {
                assertTrue(p.get("prompt").asText().startsWith("问题：罗杰有 5 个网球"), p.get("prompt").asText());
                assertTrue(p.get("prompt").asText().endsWith("\n逐步解答："));
                assertRescored(p);
            }
        }
        assertEquals(TemplateSource.bundled("mgsm").text(), Files.readString(out.resolve("template.yaml")));
        assertTrue(ctx.lines().stream().anyMatch(l -> l.contains("mgsm exact_match") && l.contains("avg")), ctx.lines().toString());
        // both conditions share the batches (conditions_per_pass: 0): 2 items x 2 conditions
        assertTrue(ctx.lines().contains("2 conditions on en: 4/4 done"), ctx.lines().toString());
    }

    /** The stored answer and score follow from the stored output alone. */
    private static void assertRescored(JsonNode p) {
        String output = p.get("output").asText();
        String expected = NumberAnswer.last(output).map(NumberAnswer::format).orElse(null);
        assertEquals(expected, p.get("answer").isNull() ? null : p.get("answer").asText(), output);
        boolean right = expected != null && NumberAnswer.same(new java.math.BigDecimal(expected),
                new java.math.BigDecimal(p.get("gold").asText()));
        assertEquals(right ? 1.0 : 0.0, p.get("exact_match").asDouble());
    }

    @Test
    void aTemplateThatRendersTheLiteralWordFailsBeforeAnyItemIsEvaluated() throws Exception {
        Path template = dir.resolve("my-mgsm.yaml");
        Files.writeString(template, "default:\n  cot:\n    prompt: \"Question: question\\nStep-by-Step Answer:\"\n"
                + "    target: \"{reasoning}\"\n");
        Map<String, Object> o = options();
        o.put("template", "my-mgsm.yaml");
        StepFailure f = assertThrows(StepFailure.class,
                () -> new MgsmStep().run(new TestStepContext(MgsmStep.INFO, o, out, dir, models)));
        assertTrue(f.getMessage().startsWith(template + ": default.cot.prompt: rendered for item '1'"), f.getMessage());
        assertTrue(f.getMessage().contains("literal word 'question'"), f.getMessage());
        assertFalse(Files.exists(out.resolve("predictions")));
    }

    @Test
    void fewShotWithoutTheExemplarsFileSaysWhatToSet() {
        Map<String, Object> o = options();
        o.remove("exemplars");
        StepFailure f = assertThrows(StepFailure.class,
                () -> new MgsmStep().run(new TestStepContext(MgsmStep.INFO, o, out, dir, models)));
        assertEquals("num_fewshot is 1: set 'exemplars' to MGSM's mgsm_exemplars.json", f.getMessage());
    }

    @Test
    void stopsWhenCancelled() {
        TestStepContext ctx = new TestStepContext(MgsmStep.INFO, options(), out, dir, models).cancelWhen(() -> true);
        StepFailure f = assertThrows(StepFailure.class, () -> new MgsmStep().run(ctx));
        assertEquals("stopped by the user", f.getMessage());
    }

    /** Native thousands separators match their gold; either reading only where the language is ambiguous. */
    @Test
    void answersAreReadAsTheirLanguageWritesNumbers() {
        io.multilens.eval.tasks.data.MathProblem thousands = new io.multilens.eval.tasks.data.MathProblem(null,
                new java.math.BigDecimal("276000"));
        assertEquals(1.0, MgsmStep.judge("de", thousands, "Die Antwort lautet 276.000.").scores().get("exact_match"));
        assertEquals(1.0, MgsmStep.judge("es", thousands, "La respuesta es 276.000").scores().get("exact_match"));
        assertEquals(0.0, MgsmStep.judge("en", thousands, "The answer is 276.000").scores().get("exact_match"),
                "in English 276.000 is 276");
        assertEquals(1.0, MgsmStep.judge("fr", thousands, "La réponse est 276.000").scores().get("exact_match"));
        assertEquals(1.0, MgsmStep.judge("ru", thousands, "Ответ: 276 000").scores().get("exact_match"));
        assertEquals("276000", MgsmStep.judge("fr", thousands, "276.000").answer(), "the reading that matched is shown");
    }
}
