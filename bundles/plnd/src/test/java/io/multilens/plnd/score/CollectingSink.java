package io.multilens.plnd.score;

import io.multilens.api.neurons.NeuronGroup;
import java.util.Map;
import java.util.TreeMap;

/** Keeps every group's scores of a batch, as the scorer produced them. */
final class CollectingSink implements ScoreSink {

    final Map<NeuronGroup, float[][]> scores = new TreeMap<>();

    @Override
    public void accept(NeuronGroup group, float[][] batch) {
        if (scores.put(group, batch) != null) {
            throw new AssertionError(group + " scored twice");
        }
    }
}
