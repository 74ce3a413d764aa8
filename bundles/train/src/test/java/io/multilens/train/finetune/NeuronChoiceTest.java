package io.multilens.train.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Stage;
import io.multilens.api.neurons.StageSplit;
import io.multilens.api.neurons.Structure;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NeuronChoiceTest {

    private static final NeuronGroup FFN = new NeuronGroup(1, Structure.FFN);
    private static final NeuronGroup K = new NeuronGroup(3, Structure.K);

    private static final LanguageNeurons FILE = new LanguageNeurons(
            Map.of("fr", NeuronSet.of(Map.of(FFN, new int[] {2, 5, 9, 11}, K, new int[] {4}))),
            Map.of("fr", Map.of(FFN, new double[] {0.1, 3.0, 0.2, 2.0}, K, new double[] {1.0})),
            NeuronSet.empty(), Map.of());

    private static NeuronSet choose(int max, NeuronChoice.Cap cap) {
        return NeuronChoice.choose(FILE, Path.of("neurons.json"), "fr", StageSplit.of(4, 1, 1), EnumSet.allOf(Stage.class),
                max, cap);
    }

    @Test
    void theCapKeepsTheMostImportantOrTheLowestIndices() {
        assertArrayEquals(new int[] {5, 11}, choose(2, NeuronChoice.Cap.IMPORTANCE).indices(FFN));
        assertArrayEquals(new int[] {2, 5}, choose(2, NeuronChoice.Cap.INDEX).indices(FFN));
        assertArrayEquals(new int[] {4}, choose(2, NeuronChoice.Cap.INDEX).indices(K), "groups under the cap keep all");
        assertEquals(5, choose(0, NeuronChoice.Cap.INDEX).size(), "0: no cap");
    }
}
