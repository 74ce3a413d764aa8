package io.multilens.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.ModelProvider;
import io.multilens.api.neurons.Intervention;
import io.multilens.model.llama.LlamaBackend;
import io.multilens.testkit.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The latent-language lens on the embedded model: the prompt as Wendler et al. write it, and at the
 * last layer (where the lens through the final norm is the model's own output) the probabilities
 * equal the softmax of the model's logits at the prompt's last token, recomputed here in doubles.
 */
class TranslationLensTest {

    @TempDir
    Path dir;

    @Test
    void thePromptAndTheLastLayerMatchTheModelsOwnNextTokenProbabilities() throws Exception {
        Path repo = Path.of(System.getProperty("multilens.repo"));
        Path modelDir = repo.resolve("models/multilens-tiny-10l");
        Path words = dir.resolve("words.tsv");
        Files.writeString(words, "en\tfr\tde\nwater\teau\tWasser\nfire\tfeu\tFeuer\nhouse\tmaison\tHaus\ndog\tchien\tHund\n");
        Map<String, List<String>> table = TranslationLens.read(words);
        assertEquals("Français: \"feu\" - Deutsch: \"Feuer\"\nFrançais: \"maison\" - Deutsch: \"Haus\"\n"
                + "Français: \"eau\" - Deutsch: \"", TranslationLens.prompt(table, "fr", "de", 0, 2));
        assertEquals("Français: \"eau\" - Deutsch: \"Wasser\"\nFrançais: \"chien\" - Deutsch: \"",
                TranslationLens.prompt(table, "fr", "de", 3, 1), "the examples wrap around the list");
        try (LanguageModel model = new LlamaBackend().load(modelDir, LoadOptions.of("cpu"))) {
            ModelProvider models = (d, device, dtype) -> model;
            Map<String, Object> o = Map.of("model", modelDir.toString(), "languages", List.of("en", "fr", "de"),
                    "corpus", repo.resolve("data/sentences/{lang}.txt").toString(), "skip_documents", 900L,
                    "max_documents", 3L, "max_tokens", 32L, "batch_size", 3L, "lens_task", "translation",
                    "words", words.toString(), "shots", 2L);
            new LayersStep().run(new TestStepContext(LayersStep.INFO, o, dir, repo, models));
            JsonNode de = new ObjectMapper().readTree(dir.resolve("translation.json").toFile()).path("languages").path("de");
            int depths = model.config().numLayers() + 1;
            assertEquals(depths, de.path("depths").size());
            int measured = de.path("words").asInt();
            assertEquals(4, measured + de.path("skipped_same_first_token").asInt());
            double target = 0;
            double english = 0;
            for (int i = 0; i < 4; i++) {
                String question = TranslationLens.prompt(table, "fr", "de", i, 2);
                int[] prompt = model.tokenizer().encode(question);
                // each word's first token as written after the prompt: the answer's own tokenization
                int t = firstNew(prompt, model.tokenizer().encode(question + table.get("de").get(i)));
                int e = firstNew(prompt, model.tokenizer().encode(question + table.get("en").get(i)));
                if (t == e) {
                    continue;
                }
                double[] p = softmaxAtLast(model, prompt);
                target += p[t] / measured;
                english += p[e] / measured;
            }
            JsonNode last = de.path("depths").get(depths - 1);
            assertEquals(target, last.path("p_target").asDouble(), 1e-5);
            assertEquals(english, last.path("p_english").asDouble(), 1e-5);
            assertTrue(de.path("depths").get(1).path("p_target").asDouble() != last.path("p_target").asDouble(),
                    "each depth is decoded from its own residual stream");
            assertTrue(Files.isRegularFile(dir.resolve("layers.json")), "the corpus lens runs as well");
        }
    }

    /** The first id of {@code with} that is not the prompt's. */
    private static int firstNew(int[] prompt, int[] with) {
        int k = 0;
        while (k < prompt.length && prompt[k] == with[k]) {
            k++;
        }
        return with[k];
    }

    @Test
    void asManyExamplesAsWordsAreRefused() throws Exception {
        Files.writeString(dir.resolve("two.tsv"), "en\tfr\nwater\teau\nfire\tfeu\n");
        Map<String, List<String>> table = TranslationLens.read(dir.resolve("two.tsv"));
        io.multilens.api.status.StepFailure e = org.junit.jupiter.api.Assertions.assertThrows(
                io.multilens.api.status.StepFailure.class, () -> TranslationLens.prompt(table, "fr", "en", 0, 2));
        assertTrue(e.getMessage().contains("2 solved examples need at least 3 words"), e.getMessage());
    }

    /** The model's next-token distribution after the prompt's last token, in doubles. */
    private static double[] softmaxAtLast(LanguageModel model, int[] prompt) {
        try (NDManager scope = model.manager().newSubManager()) {
            float[] logits = model.logits(scope, new int[][] {prompt}, Intervention.NONE).toFloatArray();
            int v = model.config().vocabSize();
            int from = (prompt.length - 1) * v;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < v; i++) {
                max = Math.max(max, logits[from + i]);
            }
            double sum = 0;
            double[] p = new double[v];
            for (int i = 0; i < v; i++) {
                p[i] = Math.exp(logits[from + i] - max);
                sum += p[i];
            }
            for (int i = 0; i < v; i++) {
                p[i] /= sum;
            }
            return p;
        }
    }
}
