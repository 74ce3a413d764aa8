package io.multilens.ablation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.RandomControl;
import io.multilens.testkit.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AblateStepTest {

    @TempDir
    Path dir;

    @Test
    void writesLanguageSetsAndRandomControls() throws Exception {
        Path model = dir.resolve("model");
        Files.createDirectories(model);
        Files.writeString(model.resolve("config.json"), """
                {"architectures": ["LlamaForCausalLM"], "vocab_size": 50, "hidden_size": 16, "intermediate_size": 20,
                 "num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 2}""");
        NeuronGroup f1 = NeuronGroup.parse("layers.1.mlp.ffn");
        NeuronGroup k3 = NeuronGroup.parse("layers.3.attn.k");
        Path neurons = dir.resolve("neurons.json");
        new LanguageNeurons(Map.of(
                "en", NeuronSet.of(Map.of(f1, new int[] {1, 2, 3})),
                "zh", NeuronSet.of(Map.of(f1, new int[] {2, 5, 6}, k3, new int[] {0}))),
                Map.of("en", Map.of(f1, new double[] {1, 2, 3}), "zh", Map.of(f1, new double[] {9, 1, 8}, k3, new double[] {4})),
                NeuronSet.of(Map.of(f1, new int[] {7, 8})),          // shared by too many languages
                Map.of()).write(neurons);
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        TestStepContext ctx = new TestStepContext(AblateStep.INFO,
                Map.of("model", "model", "variant", "not-english", "top_n", 1L, "generation", List.of("ffn"),
                        "extra_random_pools", List.of("all-specific")),
                out, dir, (modelDir, device, dtype) -> {
                    throw new AssertionError("ablate reads the model's config only, it must not load the model");
                }).input("neurons", neurons);
        new AblateStep().run(ctx);

        LanguageNeurons result = LanguageNeurons.read(out.resolve("neurons.json"));
        assertEquals(List.of("en", "en.random", "en.random-all-specific", "zh", "zh.random", "zh.random-all-specific"),
                result.byLanguage().keySet().stream().sorted().toList());
        // zh without English's {2}: {5, 6}; top 1 by importance is 6 (8 > 1); k3 is in the generation
        // stage, where only FFN is switched off
        assertArrayEquals(new int[] {6}, result.byLanguage().get("zh").indices(f1));
        assertTrue(result.byLanguage().get("zh").indices(k3).length == 0);
        assertArrayEquals(new double[] {8}, result.importance("zh", f1));
        NeuronSet control = result.byLanguage().get("zh.random");
        assertEquals(1, control.count(f1));
        // the paper's control (the default) avoids only zh's own set {2, 5, 6}; the extra one also en's and the shared
        LanguageNeurons found = LanguageNeurons.read(neurons);
        assertEquals(found.byLanguage().get("zh"), RandomControl.Pool.LANGUAGE.exclude(found, "zh"));
        assertEquals(NeuronSet.of(Map.of(f1, new int[] {1, 2, 3, 5, 6, 7, 8}, k3, new int[] {0})),
                RandomControl.Pool.ALL_SPECIFIC.exclude(found, "zh"));
        assertTrue(!java.util.Set.of(2, 5, 6).contains(control.indices(f1)[0]), "drew " + control.indices(f1)[0]);
        int strict = result.byLanguage().get("zh.random-all-specific").indices(f1)[0];
        assertTrue(!java.util.Set.of(1, 2, 3, 5, 6, 7, 8).contains(strict), "all-specific control drew " + strict);
        assertTrue(Files.readString(out.resolve("ablation.json")).contains("task_solving.ffn"));
    }

    private static final NeuronGroup F0 = NeuronGroup.parse("layers.0.mlp.ffn");
    private static final NeuronGroup Q1 = NeuronGroup.parse("layers.1.attn.q");
    private static final NeuronGroup F4 = NeuronGroup.parse("layers.4.mlp.ffn");
    private static final NeuronGroup V7 = NeuronGroup.parse("layers.7.attn.v");

    /** en and zh neurons across the 8-layer model's three stages, for the grid tests. */
    private Path gridNeurons() throws Exception {
        Path neurons = dir.resolve("neurons.json");
        new LanguageNeurons(Map.of(
                "en", NeuronSet.of(Map.of(F0, new int[] {1}, F4, new int[] {2})),
                "zh", NeuronSet.of(Map.of(F0, new int[] {3}, Q1, new int[] {4}, V7, new int[] {5}))),
                Map.of(), NeuronSet.empty(), Map.of()).write(neurons);
        return neurons;
    }

    @Test
    void theStageStructureGridUnitesTheLanguagesPerStageAndStructure() throws Exception {
        eightLayerModel();
        Path neurons = gridNeurons();
        Path out = Files.createDirectories(dir.resolve("grid"));
        TestStepContext ctx = new TestStepContext(AblateStep.INFO, Map.of("model", "model", "stage_structure_grid", true,
                "grid_sets", "union"),
                out, dir, (modelDir, device, dtype) -> {
                    throw new AssertionError("no model");
                }).input("neurons", neurons);
        new AblateStep().run(ctx);
        Map<String, NeuronSet> sets = LanguageNeurons.read(out.resolve("neurons.json")).byLanguage();
        assertEquals(18, sets.size(), "3 stages x 3 structures, each with its control: " + sets.keySet());
        // 8 layers: understanding 0-1, task-solving 2-6, generation 7
        assertEquals(NeuronSet.of(Map.of(F0, new int[] {1, 3})), sets.get("understanding.ffn"));
        assertEquals(NeuronSet.of(Map.of(Q1, new int[] {4})), sets.get("understanding.attention"));
        assertEquals(NeuronSet.of(Map.of(F0, new int[] {1, 3}, Q1, new int[] {4})), sets.get("understanding.both"));
        assertEquals(NeuronSet.of(Map.of(F4, new int[] {2})), sets.get("task_solving.both"));
        assertEquals(NeuronSet.of(Map.of(V7, new int[] {5})), sets.get("generation.attention"));
        assertTrue(sets.get("generation.ffn").isEmpty());
        NeuronSet control = sets.get("understanding.ffn.random");
        assertEquals(2, control.count(F0));
        for (int i : control.indices(F0)) {
            assertTrue(i != 1 && i != 3, "the control avoids every language's neurons, drew " + i);
        }
    }

    /** The authors' protocol: per language but English, its own neurons of each cell, and a control per cell. */
    @Test
    void perLanguageGridHoldsEachLanguagesOwnNeuronsPerCell() throws Exception {
        eightLayerModel();
        Path neurons = gridNeurons();
        Path out = Files.createDirectories(dir.resolve("per-language"));
        new AblateStep().run(new TestStepContext(AblateStep.INFO, Map.of("model", "model", "stage_structure_grid", true),
                out, dir, (modelDir, device, dtype) -> {
                    throw new AssertionError("no model");
                }).input("neurons", neurons));
        Map<String, NeuronSet> sets = LanguageNeurons.read(out.resolve("neurons.json")).byLanguage();
        // zh only (English's neurons are never switched off); cells where zh has no neurons are left out
        assertEquals(java.util.Set.of("zh.understanding.attention", "zh.understanding.ffn", "zh.understanding.both",
                "zh.generation.attention", "zh.generation.both"),
                sets.keySet().stream().filter(k -> !k.endsWith(".random")).collect(java.util.stream.Collectors.toSet()));
        assertEquals(10, sets.size(), "each cell with its control: " + sets.keySet());
        assertEquals(NeuronSet.of(Map.of(F0, new int[] {3})), sets.get("zh.understanding.ffn"), "zh's own, not en's");
        assertEquals(NeuronSet.of(Map.of(F0, new int[] {3}, Q1, new int[] {4})), sets.get("zh.understanding.both"));
        assertEquals(NeuronSet.of(Map.of(V7, new int[] {5})), sets.get("zh.generation.both"));
        NeuronSet control = sets.get("zh.understanding.ffn.random");
        assertEquals(1, control.count(F0));
        assertTrue(control.indices(F0)[0] != 3, "the paper's control avoids the language's own neurons");
    }

    /** An index the model does not have is refused where it enters, not copied into the output. */
    @Test
    void aNeuronTheModelDoesNotHaveIsRefused() throws Exception {
        eightLayerModel();
        Path neurons = dir.resolve("far.json");
        new LanguageNeurons(Map.of("zh", NeuronSet.of(Map.of(NeuronGroup.parse("layers.0.mlp.ffn"), new int[] {3, 999999}))),
                Map.of(), NeuronSet.empty(), Map.of()).write(neurons);
        Path out = Files.createDirectories(dir.resolve("far"));
        io.multilens.api.status.StepFailure e = org.junit.jupiter.api.Assertions.assertThrows(io.multilens.api.status.StepFailure.class,
                () -> new AblateStep().run(new TestStepContext(AblateStep.INFO, Map.of("model", "model"), out, dir,
                        (modelDir, device, dtype) -> {
                            throw new AssertionError("no model");
                        }).input("neurons", neurons)));
        assertTrue(e.getMessage().contains("neuron 999999, but the model has 8 layers of 20 ffn neurons"), e.getMessage());
        assertTrue(!Files.exists(out.resolve("neurons.json")), "nothing written");
    }

    /** config.json of an 8-layer model (20 FFN units, 16 hidden) in dir/model: all ablate reads of it. */
    private void eightLayerModel() throws Exception {
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("config.json"), """
                {"architectures": ["LlamaForCausalLM"], "vocab_size": 50, "hidden_size": 16, "intermediate_size": 20,
                 "num_hidden_layers": 8, "num_attention_heads": 4, "num_key_value_heads": 2}""");
    }
}
