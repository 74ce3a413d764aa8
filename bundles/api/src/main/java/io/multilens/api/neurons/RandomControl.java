package io.multilens.api.neurons;

import io.multilens.api.model.ModelConfig;
import io.multilens.api.plugin.StepFailure;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The control for an ablation or a fine-tuning: in every group, as many neurons as the set has there,
 * drawn uniformly (seeded) from the neurons outside the language's whole set.
 */
public final class RandomControl {

    private RandomControl() {
    }

    public static NeuronSet draw(NeuronSet ablated, NeuronSet exclude, ModelConfig config, Random random) {
        Map<NeuronGroup, int[]> out = new TreeMap<>();
        for (NeuronGroup g : ablated.groups()) {
            int size = config.groupSize(g.structure());
            int want = ablated.count(g);
            int[] pool = new int[size];
            int n = 0;
            for (int i = 0; i < size; i++) {
                if (!exclude.contains(g, i)) {
                    pool[n++] = i;
                }
            }
            if (want > n) {
                throw new StepFailure(g + ": cannot draw " + want + " random neurons outside the language's "
                        + (size - n) + " of " + size + "; ablate fewer neurons (top_n) or skip the control");
            }
            // partial Fisher-Yates: the first 'want' entries become a uniform sample without replacement
            for (int i = 0; i < want; i++) {
                int j = i + random.nextInt(n - i);
                int t = pool[i];
                pool[i] = pool[j];
                pool[j] = t;
            }
            out.put(g, java.util.Arrays.copyOf(pool, want));
        }
        return NeuronSet.of(out);
    }
}
