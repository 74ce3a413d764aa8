package io.multilens.plnd.score;

import io.multilens.api.neurons.NeuronGroup;

/** Receives one group's scores for a batch: {@code scores[b][i]}, document b, index i. */
@FunctionalInterface
public interface ScoreSink {

    void accept(NeuronGroup group, float[][] scores);
}
