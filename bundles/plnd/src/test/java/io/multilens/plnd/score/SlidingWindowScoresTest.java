package io.multilens.plnd.score;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.multilens.api.model.AttentionTrace;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import io.multilens.plnd.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistral's sliding window is part of the scores PLND perturbs: on the Llama fixture relabelled
 * as Mistral with a window of 4 and a 16-token document, the q and k importances equal brute
 * force (the layer's probabilities with the neuron switched off by the model itself, minus the
 * unablated ones), and differ from the windowless scores.
 */
class SlidingWindowScoresTest {

    private static final int WINDOW = 4;

    @TempDir
    Path tmp;

    @Test
    void queryAndKeyScoresHonourTheWindow() throws Exception {
        Path mistral = tmp.resolve("mistral");
        Files.createDirectories(mistral);
        Path source = Fixtures.dir(Fixtures.LLAMA);
        for (String f : new String[] {"model.safetensors", "expected.json"}) {
            Files.copy(source.resolve(f), mistral.resolve(f));
        }
        Files.writeString(mistral.resolve("config.json"), Files.readString(source.resolve("config.json"))
                .replace("LlamaForCausalLM", "MistralForCausalLM")
                .replace("\"model_type\": \"llama\"", "\"model_type\": \"mistral\", \"sliding_window\": " + WINDOW));
        int[][] doc = {Fixtures.documents(Fixtures.expected(Fixtures.LLAMA))[1]};
        assertTrue(doc[0].length > 3 * WINDOW, "the document must be much longer than the window");
        try (LanguageModel windowed = Fixtures.load(mistral); LanguageModel plain = Fixtures.load(source)) {
            int layer = 1;
            for (Structure s : new Structure[] {Structure.Q, Structure.K}) {
                float[] fast = score(windowed, doc, layer, s);
                float[] slow = bruteForce(windowed, doc, layer, s);
                float[] windowless = score(plain, doc, layer, s);
                double scale = 0;
                double diff = 0;
                double windowEffect = 0;
                for (int i = 0; i < fast.length; i++) {
                    scale = Math.max(scale, Math.abs(slow[i]));
                    diff = Math.max(diff, Math.abs(slow[i] - fast[i]));
                    windowEffect = Math.max(windowEffect, Math.abs(windowless[i] - fast[i]));
                }
                System.out.printf("sliding window %s: relative error %.2e, window effect %.2e%n", s.key(),
                        diff / scale, windowEffect / scale);
                assertTrue(diff <= 1e-4 * scale, s.key() + ": relative error " + diff / scale);
                assertTrue(windowEffect > 1e-2 * scale, s.key() + ": the window changed nothing (" + windowEffect / scale + ")");
            }
        }
    }

    private static float[] score(LanguageModel model, int[][] doc, int layer, Structure s) {
        CollectingSink sink = new CollectingSink();
        ImportanceScorer scorer = ScoreMode.PAPER.scorer(new WeightStats(model.config(), model::weights), 5);
        try (NDManager scope = model.manager().newSubManager()) {
            model.trace(scope, doc, Intervention.NONE, new ScoringProbe(scorer, Set.of(s), sink));
        }
        return sink.scores.get(new NeuronGroup(layer, s))[0];
    }

    /** ||ΔP|| over the heads the neuron reaches, one traced forward pass per neuron. */
    private static float[] bruteForce(LanguageModel model, int[][] doc, int layer, Structure s) {
        float[] base = probs(model, doc, layer, NeuronSet.empty());
        int nh = model.config().numHeads();
        int hd = model.config().headDim();
        int group = nh / model.config().numKvHeads();
        int t = doc[0].length;
        int n = model.config().groupSize(s);
        float[] out = new float[n];
        for (int j = 0; j < n; j++) {
            NeuronSet one = NeuronSet.of(Map.of(new NeuronGroup(layer, s), new int[] {j}));
            float[] ablated = probs(model, doc, layer, one);
            int firstHead = s == Structure.Q ? j / hd : (j / hd) * group;
            int heads = s == Structure.Q ? 1 : group;
            double sum = 0;
            for (int h = firstHead; h < firstHead + heads; h++) {
                for (int i = h * t * t; i < (h + 1) * t * t; i++) {
                    double d = ablated[i] - base[i];
                    sum += d * d;
                }
            }
            out[j] = (float) Math.sqrt(sum);
        }
        return out;
    }

    private static float[] probs(LanguageModel model, int[][] doc, int layer, NeuronSet off) {
        float[][] kept = new float[1][];
        try (NDManager scope = model.manager().newSubManager()) {
            model.trace(scope, doc, Intervention.off(off), new LayerProbe() {
                @Override
                public void attention(int l, AttentionTrace trace) {
                    if (l == layer) {
                        kept[0] = trace.probs().toFloatArray();
                    }
                }
            });
        }
        return kept[0];
    }
}
