package io.multilens.eval.tasks.run;

import io.multilens.api.neurons.NeuronSet;
import java.util.List;

/** Runs the model on a batch of prepared items with some neurons switched off and scores each. */
public interface ItemScorer<T> {

    List<Prediction> score(List<PromptedItem<T>> batch, NeuronSet deactivate);
}
