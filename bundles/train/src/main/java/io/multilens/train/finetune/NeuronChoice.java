package io.multilens.train.finetune;

import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Stage;
import io.multilens.api.neurons.StageSplit;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The neurons a fine-tuning trains: a set from a neuron file, only in the chosen layer stages,
 * and at most {@code maxPerGroup} per layer and matrix — those of highest mean importance, or
 * ({@code max_neurons_by: index}) the lowest indices. The authors' code keeps {@code islice(set,
 * 100)} of a Python set rebuilt from text, which has lost the ranking: an arbitrary 100, not
 * reproducible (on Mistral's sizes the lowest 100 share only 18-56 of them); index is the
 * closest deterministic stand-in, not their selection.
 */
final class NeuronChoice {

    private NeuronChoice() {
    }

    /** How the neurons beyond the cap are dropped. */
    enum Cap {
        /** keep those of highest mean importance */
        IMPORTANCE,
        /** keep the lowest indices */
        INDEX
    }

    static NeuronSet choose(LanguageNeurons file, Path source, String setName, StageSplit split, Set<Stage> stages,
                            int maxPerGroup, Cap cap) {
        NeuronSet set = file.byLanguage().get(setName);
        if (set == null) {
            throw new StepFailure(source + ": no neuron set '" + setName + "'; the file has " + file.byLanguage().keySet()
                    + " (option 'set')");
        }
        Map<NeuronGroup, int[]> out = new TreeMap<>();
        for (NeuronGroup g : set.groups()) {
            if (g.layer() >= split.layers()) {
                throw new StepFailure(source + ": " + g + " is beyond the model's " + split.layers() + " layers: the neurons"
                        + " were found on another model");
            }
            if (!stages.contains(split.stageOf(g.layer()))) {
                continue;
            }
            int[] idx = set.indices(g);
            if (maxPerGroup > 0 && idx.length > maxPerGroup && cap == Cap.INDEX) {
                idx = IntStream.of(idx).sorted().limit(maxPerGroup).toArray();
            } else if (maxPerGroup > 0 && idx.length > maxPerGroup) {
                double[] mean = file.importance(setName, g);
                if (mean == null) {
                    throw new StepFailure(source + ": " + setName + " " + g + " has " + idx.length + " neurons, more than"
                            + " max_neurons_per_matrix " + maxPerGroup + ", and no mean_importance to choose by; re-run plnd");
                }
                idx = IntStream.range(0, idx.length).boxed()
                        .sorted(Comparator.comparingDouble((Integer i) -> -mean[i]).thenComparingInt(i -> i))
                        .limit(maxPerGroup)
                        .mapToInt(i -> set.indices(g)[i])
                        .sorted()
                        .toArray();
            }
            out.put(g, idx);
        }
        return NeuronSet.of(out);
    }
}
