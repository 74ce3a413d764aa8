package io.multilens.plnd.tally;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.status.StepFailure;
import io.multilens.plnd.select.ActivityRule;
import io.multilens.plnd.select.ActivityRules;
import org.junit.jupiter.api.Test;

/** A NaN importance is an error naming the neuron, never the "most important" neuron. */
class NonFiniteTest {

    @Test
    void nanImportanceFailsTheStepNamingTheNeuron() {
        ActivityRule top = new ActivityRule.TopFraction(0.5);
        TallyingSink sink = new TallyingSink(new LanguageTally("th"), new ActivityRules(top, top));
        StepFailure f = assertThrows(StepFailure.class, () -> sink.accept(NeuronGroup.parse("layers.2.mlp.ffn"),
                new float[][] {{0.1f, 0.2f, Float.NaN, 0.3f}}));
        assertTrue(f.getMessage().contains("neuron 2 of layers.2.mlp.ffn is NaN") && f.getMessage().contains("'th'"),
                f.getMessage());
    }
}
