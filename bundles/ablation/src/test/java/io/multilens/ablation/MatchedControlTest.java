package io.multilens.ablation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.data.Safetensors;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.testkit.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatchedControlTest {

    private static final NeuronGroup F0 = NeuronGroup.parse("layers.0.mlp.ffn");

    @TempDir
    Path dir;

    /** Neuron i of layer 0's 20 FFN units has importance i on zh (sum 4i over 4 documents). */
    private Path tallies() throws Exception {
        Path t = Files.createDirectories(dir.resolve("tallies"));
        double[] sums = new double[20];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = 4.0 * i;
        }
        Safetensors.write(t.resolve("zh.safetensors"), Map.of(F0 + ".importance_sum", new Safetensors.Doubles(sums, new long[] {20}),
                F0 + ".active", new Safetensors.Doubles(new double[20], new long[] {20})), Map.of("documents", "4", "language", "zh"));
        return t;
    }

    @Test
    void eachNeuronGetsOneOfItsOwnDecileOutsideEveryLanguagesSet() throws Exception {
        Map<NeuronGroup, double[]> imp = MatchedControl.importances(tallies(), "zh");
        assertEquals(19.0, imp.get(F0)[19], 0);
        // 20 neurons: deciles of two, {0,1} ... {18,19}
        assertEquals(9, MatchedControl.deciles(imp.get(F0))[18]);
        assertEquals(8, MatchedControl.deciles(imp.get(F0))[17]);
        NeuronSet zh = NeuronSet.of(Map.of(F0, new int[] {17, 19}));
        NeuronSet everyLanguage = zh.union(NeuronSet.of(Map.of(F0, new int[] {10})));
        for (long seed = 0; seed < 5; seed++) {
            MatchedControl.Drawn d = MatchedControl.draw(zh, everyLanguage, imp, new Random(seed));
            // 19's decile holds 18, 17's holds 16: the only candidates of their deciles
            assertArrayEquals(new int[] {16, 18}, d.set().indices(F0));
            assertEquals(0, d.fellBack());
        }
        // a decile without a candidate falls back to the nearest one, and says so
        NeuronSet both = NeuronSet.of(Map.of(F0, new int[] {18, 19}));
        MatchedControl.Drawn d = MatchedControl.draw(both, both, imp, new Random(1));
        assertEquals(2, d.fellBack());
        for (int i : d.set().indices(F0)) {
            assertTrue(i == 16 || i == 17, "the next decile down: " + i);
        }
    }

    @Test
    void ablateWritesTheMatchedControlBesideThePapers() throws Exception {
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("config.json"), """
                {"architectures": ["LlamaForCausalLM"], "vocab_size": 50, "hidden_size": 16, "intermediate_size": 20,
                 "num_hidden_layers": 8, "num_attention_heads": 4, "num_key_value_heads": 2}""");
        Path neurons = dir.resolve("neurons.json");
        new LanguageNeurons(Map.of("zh", NeuronSet.of(Map.of(F0, new int[] {17, 19})),
                "en", NeuronSet.of(Map.of(F0, new int[] {10}))), Map.of(), NeuronSet.empty(), Map.of()).write(neurons);
        Path out = Files.createDirectories(dir.resolve("out"));
        new AblateStep().run(new TestStepContext(AblateStep.INFO, Map.of("model", "model", "random_match", "importance",
                "languages", java.util.List.of("zh")), out, dir, (m, device, dtype) -> {
                    throw new AssertionError("no model");
                }).input("neurons", neurons).input("tallies", tallies()));
        Map<String, NeuronSet> sets = LanguageNeurons.read(out.resolve("neurons.json")).byLanguage();
        assertEquals(java.util.Set.of("zh", "zh.random", "zh.random-matched"), sets.keySet());
        assertArrayEquals(new int[] {16, 18}, sets.get("zh.random-matched").indices(F0));
    }
}
