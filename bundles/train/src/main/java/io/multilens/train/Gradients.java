package io.multilens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import io.multilens.api.model.TrainableModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Gradient plumbing shared by the trainer and the fine-tuner. */
public final class Gradients {

    private Gradients() {
    }

    /** Backpropagates the batch's loss (scaled by {@code scale}); returns the unscaled loss. */
    public static double backward(TrainableModel model, NDManager scope, int[][] batch, double scale) {
        try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
            NDArray loss = model.loss(scope, batch, Intervention.NONE);        // []
            collector.backward(scale == 1 ? loss : loss.mul(scale));
            return loss.getFloat();
        }
    }

    /** The gradients of the named parameters, as handles freed with {@code scope}. */
    public static Map<String, NDArray> of(NDManager scope, Map<String, NDArray> params, Collection<String> names) {
        Map<String, NDArray> grads = new LinkedHashMap<>();
        for (String name : names) {
            NDArray g = params.get(name).getGradient();
            g.attach(scope);
            grads.put(name, g);
        }
        return grads;
    }

    /** Gradients accumulate across backward passes; fill (not multiply) so a NaN cannot survive. */
    public static void zero(Collection<NDArray> grads) {
        grads.forEach(g -> g.set(new NDIndex("..."), 0));
    }
}
