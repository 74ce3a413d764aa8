package io.multilens.ablation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.model.ModelConfig;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Stage;
import io.multilens.api.neurons.StageSplit;
import io.multilens.api.neurons.RandomControl;
import io.multilens.api.status.StepFailure;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SelectionTest {

    private static final NeuronGroup Q0 = NeuronGroup.parse("layers.0.attn.q");
    private static final NeuronGroup F0 = NeuronGroup.parse("layers.0.mlp.ffn");
    private static final NeuronGroup F2 = NeuronGroup.parse("layers.2.mlp.ffn");
    private static final NeuronGroup V3 = NeuronGroup.parse("layers.3.attn.v");
    // 4 layers, q/o 16 wide, k/v 8 wide, 20 FFN units
    private static final ModelConfig CONFIG = new ModelConfig("LlamaForCausalLM", "llama", 50, 16, 20, 4, 4, 2, 4,
            1e-5, 10000, 64, false, "silu", 1, java.util.List.of(2));

    private final NeuronSet set = NeuronSet.of(Map.of(Q0, new int[] {1, 2, 3}, F0, new int[] {4, 5},
            F2, new int[] {0, 7, 9, 11}, V3, new int[] {6}));

    @Test
    void stagesAndStructuresFilterTheSet() {
        StageSplit split = StageSplit.of(4, 1, 1);
        AblationSelector onlyUnderstandingFfn = new AblationSelector(split,
                Map.of(Stage.UNDERSTANDING, Set.of("ffn")), 0);
        NeuronSet s = onlyUnderstandingFfn.select(set, null, "en");
        assertEquals(Set.of(F0), s.groups());
        AblationSelector attentionEverywhere = new AblationSelector(split,
                Map.of(Stage.UNDERSTANDING, Set.of("attention"), Stage.TASK_SOLVING, Set.of("attention"),
                        Stage.GENERATION, Set.of("attention")), 0);
        assertEquals(Set.of(Q0, V3), attentionEverywhere.select(set, null, "en").groups());
    }

    @Test
    void topNKeepsTheHighestMeanImportance() {
        AblationSelector top2 = new AblationSelector(StageSplit.of(4, 1, 1),
                Map.of(Stage.TASK_SOLVING, Set.of("ffn")), 2);
        Map<NeuronGroup, double[]> importance = Map.of(F2, new double[] {0.5, 3.0, 0.1, 2.0});
        assertArrayEquals(new int[] {7, 11}, top2.select(set, importance, "en").indices(F2));
        StepFailure e = assertThrows(StepFailure.class, () -> top2.select(set, null, "en"));
        assertTrue(e.getMessage().contains("mean importance"), e.getMessage());
    }

    @Test
    void neuronsOfAnotherModelAreRefused() {
        AblationSelector all = new AblationSelector(StageSplit.of(2, 1, 1), Map.of(), 0);
        assertThrows(StepFailure.class, () -> all.select(set, null, "en"));
    }

    @Test
    void randomControlHasTheSameSizePerGroupOutsideTheLanguageSet() {
        NeuronSet control = RandomControl.draw(set, set, CONFIG::groupSize, new Random(1));
        for (NeuronGroup g : set.groups()) {
            assertEquals(set.count(g), control.count(g), g.key());
            for (int i : control.indices(g)) {
                assertTrue(!set.contains(g, i) && i < CONFIG.groupSize(g.structure()), g + " " + i);
            }
        }
        assertEquals(control, RandomControl.draw(set, set, CONFIG::groupSize, new Random(1)));
        assertNotEquals(control, RandomControl.draw(set, set, CONFIG::groupSize, new Random(2)));
    }

    @Test
    void randomControlDrawsUniformly() {
        NeuronSet one = NeuronSet.of(Map.of(F0, new int[] {0}));
        int[] hits = new int[20];
        Random r = new Random(7);
        for (int t = 0; t < 19_000; t++) {
            hits[RandomControl.draw(one, one, CONFIG::groupSize, r).indices(F0)[0]]++;
        }
        assertEquals(0, hits[0]);
        for (int i = 1; i < 20; i++) {
            assertTrue(Math.abs(hits[i] - 1000) < 150, "unit " + i + " drawn " + hits[i] + " times of ~1000");
        }
    }

    @Test
    void controlLargerThanWhatIsLeftIsAClearError() {
        NeuronSet big = NeuronSet.of(Map.of(V3, new int[] {0, 1, 2, 3, 4}));
        assertThrows(StepFailure.class, () -> RandomControl.draw(big, big, CONFIG::groupSize, new Random(0)));
    }
}
