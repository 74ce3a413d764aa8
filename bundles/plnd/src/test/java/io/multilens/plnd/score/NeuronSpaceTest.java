package io.multilens.plnd.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.multilens.api.model.ModelConfig;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.Structure;
import org.junit.jupiter.api.Test;

class NeuronSpaceTest {

    /** 4 query heads, 2 key/value heads, head_dim 2: query heads 0,1 read kv head 0; 2,3 read kv head 1. */
    private static final ModelConfig CONFIG = new ModelConfig("LlamaForCausalLM", "llama", 10, 8, 6, 1, 4, 2, 2,
            1e-5, 10000, 16, false, "silu", 1, java.util.List.of(2));

    @Test
    void foldsQueryHeadScoresIntoTheirKeyValueRows() {
        CollectingSink out = new CollectingSink();
        float[][] byQueryHead = {{1, 2, 10, 20, 100, 200, 1000, 2000}};
        new NeuronSpace(CONFIG, out).accept(new NeuronGroup(0, Structure.K), byQueryHead);
        assertArrayEquals(new float[] {11, 22, 1100, 2200}, out.scores.get(new NeuronGroup(0, Structure.K))[0]);
    }

    @Test
    void passesNeuronSpaceScoresThrough() {
        CollectingSink out = new CollectingSink();
        float[][] rows = {{1, 2, 3, 4}};
        new NeuronSpace(CONFIG, out).accept(new NeuronGroup(0, Structure.V), rows);
        assertSame(rows, out.scores.get(new NeuronGroup(0, Structure.V)));
    }

    @Test
    void rejectsScoresOfAnUnknownSize() {
        NeuronSpace space = new NeuronSpace(CONFIG, new CollectingSink());
        assertThrows(IllegalStateException.class, () -> space.accept(new NeuronGroup(0, Structure.FFN), new float[][] {{1, 2}}));
    }
}
