package io.multilens.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.multilens.api.model.GenerationOptions;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistral's sliding window, on the Llama fixture's weights relabelled as Mistral with a window of 4. */
class SlidingWindowTest {

    private static final int WINDOW = 4;

    @TempDir
    Path tmp;
    private Path mistral;

    @BeforeEach
    void relabel() throws Exception {
        mistral = Fixtures.copy(Fixtures.LLAMA, tmp);
        Path config = mistral.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("LlamaForCausalLM", "MistralForCausalLM")
                .replace("\"model_type\": \"llama\"", "\"model_type\": \"mistral\", \"sliding_window\": " + WINDOW));
    }

    @Test
    void keysOutsideTheWindowGetNoAttention() {
        int[][] docs = Fixtures.documents(Fixtures.LLAMA);
        try (LanguageModel model = Fixtures.load(mistral); NDManager scope = NDManager.newBaseManager()) {
            Recorder rec = new Recorder();
            model.trace(scope, docs, Intervention.NONE, rec);
            Recorder.Tensor probs = rec.get(0, "probs");
            long[] s = probs.shape();
            for (int q = 0; q < s[2]; q++) {
                for (int k = 0; k <= q; k++) {
                    float p = probs.at(1, 0, q, k);
                    if (q - k >= WINDOW) {
                        assertEquals(0f, p, "query " + q + ", key " + k);
                    } else {
                        assertTrue(p > 0, "query " + q + ", key " + k);
                    }
                }
            }
        }
    }

    @Test
    void tokensWithinTheFirstWindowMatchTheReferenceAndLaterOnesDiffer() {
        int[] doc = Fixtures.documents(Fixtures.LLAMA)[1];
        double[][] reference = Fixtures.logits(Fixtures.LLAMA, 1);
        try (LanguageModel model = Fixtures.load(mistral); NDManager scope = NDManager.newBaseManager()) {
            float[] logits = model.logits(scope, new int[][] {doc}, Intervention.NONE).toFloatArray();
            int v = model.config().vocabSize();
            double inside = Fixtures.relativeError(Arrays.copyOf(logits, WINDOW * v),
                    Fixtures.flatten(Arrays.copyOf(reference, WINDOW)));
            assertTrue(inside <= 1e-4, "within the window: " + inside);
            double last = Fixtures.relativeError(Arrays.copyOfRange(logits, (doc.length - 1) * v, doc.length * v),
                    reference[doc.length - 1]);
            assertTrue(last > 1e-3, "beyond the window the result must change, error " + last);
        }
    }

    @Test
    void cacheGivesTheSameTokensAsRecomputing() {
        int[][] docs = Fixtures.documents(Fixtures.LLAMA);
        int[][] prompts = {Arrays.copyOf(docs[1], 10), Arrays.copyOf(docs[0], 3)};
        GenerationOptions twelve = new GenerationOptions(12, List.of(), false);
        try (LanguageModel model = Fixtures.load(mistral)) {
            int[][] cached = model.generateIds(prompts, twelve, Intervention.NONE);
            int[][] recomputed = model.generateIds(prompts, twelve.withCache(false), Intervention.NONE);
            for (int r = 0; r < prompts.length; r++) {
                assertArrayEquals(recomputed[r], cached[r], "row " + r);
            }
        }
    }
}
