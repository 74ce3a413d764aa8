package io.multilens.model.bloom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.multilens.api.model.ByteTokenizerJson;
import io.multilens.api.model.GenerationOptions;
import io.multilens.api.model.TrainableModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.NeuronValues;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holding FFN units u at values v while generating equals a model whose units are silenced
 * (dense_h_to_4h rows and biases zero, so GELU gives 0) and whose dense_4h_to_h bias carries
 * the sum of v_u times column u: the result is known without running the intervention.
 */
class SteeringTest {

    @TempDir
    Path tmp;

    @Test
    void settingAUnitEqualsMovingItsContributionIntoTheBias() throws Exception {
        Path dir = TinyBloom.copy(tmp.resolve("bloom"));
        ByteTokenizerJson.write(dir.resolve("tokenizer.json"));
        int[][] prompts = {{ByteTokenizerJson.BOS, 40, 41, 42, 43}, {ByteTokenizerJson.BOS, 100, 7}};
        GenerationOptions twelve = new GenerationOptions(12, List.of(), false);
        int[] units = {3, 17, 40, 77, 120};
        float[] values = {40f, -30f, 55f, 25f, -45f};
        NeuronValues set = NeuronValues.of(Map.of(NeuronGroup.parse("layers.2.mlp.ffn"),
                new NeuronValues.Entry(units, values)));
        try (TrainableModel steered = TinyBloom.load(dir); TrainableModel edited = TinyBloom.load(dir)) {
            List<String> plain = steered.generate(prompts, twelve, Intervention.NONE);
            List<String> withValue = steered.generate(prompts, twelve, Intervention.hold(set));
            Map<String, NDArray> p = edited.parameters();
            for (int i = 0; i < units.length; i++) {
                p.get("h.2.mlp.dense_h_to_4h.weight").set(new NDIndex(Integer.toString(units[i])), 0f);
                p.get("h.2.mlp.dense_h_to_4h.bias").set(new NDIndex(Integer.toString(units[i])), 0f);
                NDArray column = p.get("h.2.mlp.dense_4h_to_h.weight").get(new NDIndex(":, " + units[i]));   // [H]
                p.get("h.2.mlp.dense_4h_to_h.bias").addi(column.mul(values[i]));
            }
            List<String> byWeights = edited.generate(prompts, twelve, Intervention.NONE);
            assertEquals(byWeights, withValue, "steering = the equivalent weight edit");
            assertEquals(withValue, steered.generate(prompts, twelve, Intervention.gate(NeuronSet.empty(), set)),
                    "without a gate the activation is the unit: holding it is holding the unit");
            assertNotEquals(plain, withValue, "the value must change the continuation for this test to mean anything");
        }
    }

    @Test
    void valuesAreSortedWithTheirIndicesAndNeverRepeat() {
        NeuronGroup g = NeuronGroup.parse("layers.0.mlp.ffn");
        NeuronValues v = NeuronValues.of(Map.of(g, new NeuronValues.Entry(new int[] {9, 2, 5}, new float[] {0.9f, 0.2f, 0.5f})));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {2, 5, 9}, v.entries().get(g).indices());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0.2f, 0.5f, 0.9f}, v.entries().get(g).values());
        assertEquals(3, v.size());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> NeuronValues.of(Map.of(g,
                new NeuronValues.Entry(new int[] {1, 1}, new float[] {0f, 1f}))));
    }
}
