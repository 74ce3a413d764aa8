package io.multilens.plnd.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import io.multilens.plnd.select.ActivityRule;
import io.multilens.plnd.select.ActivityRules;
import io.multilens.plnd.select.Selection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Selection details that decide what a result means: >= thresholds, q/k rules, what "shared" lists. */
class SelectionFidelityTest {

    private static final NeuronGroup F0 = NeuronGroup.parse("layers.0.mlp.ffn");

    @Test
    void aThresholdIsReachedAtEqualityAsThePaperWritesIt() {
        assertArrayEquals(new boolean[] {true, false, true}, new ActivityRule.Threshold(0.5).active(new float[] {0.5f, 0.4f, 0.7f}));
    }

    @Test
    void qAndKHaveTheirOwnRuleBecauseTheirImportancesHaveOtherUnits() {
        ActivityRule outputs = new ActivityRule.Threshold(0.1);
        ActivityRule probabilities = new ActivityRule.Threshold(0.001);
        ActivityRule ffn = new ActivityRule.TopFraction(0.1);
        ActivityRules rules = new ActivityRules(outputs, probabilities, ffn);
        assertSame(probabilities, rules.forStructure(Structure.Q));
        assertSame(probabilities, rules.forStructure(Structure.K));
        assertSame(outputs, rules.forStructure(Structure.V));
        assertSame(outputs, rules.forStructure(Structure.O));
        assertSame(ffn, rules.forStructure(Structure.FFN));
        assertSame(outputs, new ActivityRules(outputs, ffn).forStructure(Structure.K), "unset: the attention rule");
    }

    @Test
    void sharedListsOnlyWhatOverlapRemovalTookNotTheTopNCut() {
        Map<String, NeuronSet> specific = new LinkedHashMap<>();
        specific.put("en", NeuronSet.of(Map.of(F0, new int[] {1, 2, 3, 4})));
        specific.put("fr", NeuronSet.of(Map.of(F0, new int[] {4, 5})));
        Map<String, NeuronSet> distinct = new LinkedHashMap<>();
        distinct.put("en", NeuronSet.of(Map.of(F0, new int[] {1, 2, 3})));   // 4 removed as shared
        distinct.put("fr", NeuronSet.of(Map.of(F0, new int[] {5})));
        Map<String, NeuronSet> selected = new LinkedHashMap<>();
        selected.put("en", NeuronSet.of(Map.of(F0, new int[] {1})));         // top_n cut 2 and 3
        selected.put("fr", NeuronSet.of(Map.of(F0, new int[] {5})));
        Selection.Result result = new Selection.Result(specific, distinct, selected);
        assertEquals(NeuronSet.of(Map.of(F0, new int[] {4})), Results.shared(result));
        assertEquals(Map.of("en", 2L, "fr", 0L), Results.topNCut(result));
    }
}
