package io.multilens.eval.tasks.run;

import io.multilens.api.neurons.NeuronSet;
import java.util.List;

/**
 * Runs the model on a batch of prepared items and scores each; item i runs with {@code
 * deactivate.get(i)} switched off, so one batch may hold several conditions.
 */
public interface ItemScorer<T> {

    List<Prediction> score(List<PromptedItem<T>> batch, List<NeuronSet> deactivate);
}
