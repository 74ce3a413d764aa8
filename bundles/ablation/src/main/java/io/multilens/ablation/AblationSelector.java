package io.multilens.ablation;

import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Stage;
import io.multilens.api.neurons.StageSplit;
import io.multilens.api.status.StepFailure;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Picks, from a language's neuron set, the neurons to switch off: only layers of the chosen
 * stages, only the chosen structures (attention / FFN) in each stage, and optionally only the
 * {@code topN} per layer and group by mean importance.
 *
 * @param structures for each stage, the kinds switched off there ({@code attention}, {@code ffn})
 */
public record AblationSelector(StageSplit stages, Map<Stage, Set<String>> structures, int topN) {

    public NeuronSet select(NeuronSet neurons, Map<NeuronGroup, double[]> importance, String language) {
        Map<NeuronGroup, int[]> out = new TreeMap<>();
        for (NeuronGroup g : neurons.groups()) {
            if (g.layer() >= stages.layers()) {
                throw new StepFailure("neuron set of '" + language + "' names " + g + " but the model has "
                        + stages.layers() + " layers: were the neurons found on another model?");
            }
            Set<String> kinds = structures.getOrDefault(stages.stageOf(g.layer()), Set.of());
            if (!kinds.contains(g.structure().isAttention() ? "attention" : "ffn")) {
                continue;
            }
            out.put(g, topN > 0 ? top(neurons.indices(g), importance, g, language) : neurons.indices(g));
        }
        return NeuronSet.of(out);
    }

    private int[] top(int[] indices, Map<NeuronGroup, double[]> importance, NeuronGroup g, String language) {
        if (indices.length <= topN) {
            return indices;
        }
        double[] mean = importance == null ? null : importance.get(g);
        if (mean == null) {
            throw new StepFailure("top_n needs each neuron's mean importance, but the neuron file has none for '"
                    + language + "' " + g + "; re-run plnd (it writes mean_importance) or set top_n: 0");
        }
        // highest mean importance first; ties by index so the choice is reproducible
        return IntStream.range(0, indices.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -mean[i]).thenComparingInt(i -> indices[i]))
                .limit(topN)
                .mapToInt(i -> indices[i])
                .sorted()
                .toArray();
    }

}
