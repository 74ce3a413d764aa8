package io.multilens.api.neurons;

import io.multilens.api.status.StepFailure;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * The control for an ablation or a fine-tuning: in every group, as many neurons as the set has there,
 * drawn uniformly (seeded) from a pool. The paper's control, and the default everywhere, draws
 * from every neuron outside the language's own set; the other pools are named choices.
 */
public final class RandomControl {

    /** Which neurons a control never draws. */
    public enum Pool {
        /** The paper's: only the language's own set is avoided. */
        LANGUAGE("language"),
        /** Every language's set is avoided, so the control is no other language's ablation. */
        ALL_LANGUAGES("all-languages"),
        /** Also the neurons PLND removed as shared by many languages: a control that only hits "unneeded" neurons. */
        ALL_SPECIFIC("all-specific");

        private final String key;

        Pool(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static java.util.List<String> keys() {
            return java.util.Arrays.stream(values()).map(Pool::key).toList();
        }

        public static Pool of(String key) {
            for (Pool p : values()) {
                if (p.key.equals(key)) {
                    return p;
                }
            }
            throw new StepFailure("random control pool '" + key + "': expected one of " + keys());
        }

        /** The neurons to avoid for {@code language}'s control. */
        public NeuronSet exclude(LanguageNeurons found, String language) {
            NeuronSet own = found.byLanguage().getOrDefault(language, NeuronSet.empty());
            return switch (this) {
                case LANGUAGE -> own;
                case ALL_LANGUAGES -> found.union(found.byLanguage().keySet());
                case ALL_SPECIFIC -> found.union(found.byLanguage().keySet()).union(found.shared());
            };
        }
    }

    /** The option description both the ablation and the fine-tuner use. */
    public static final String POOL_DESCRIPTION = "neurons the random control never draws: language = only the"
            + " language's own set (the paper's control); all-languages = every language's set; all-specific = also"
            + " the neurons PLND removed as shared by many languages";

    private RandomControl() {
    }

    /**
     * For each group of {@code ablated}, as many neurons drawn uniformly from the group's other
     * neurons (those {@code exclude} does not hold); {@code groupSize} gives a structure's neurons
     * per layer (a model config's {@code groupSize}).
     */
    public static NeuronSet draw(NeuronSet ablated, NeuronSet exclude, ToIntFunction<Structure> groupSize, Random random) {
        Map<NeuronGroup, int[]> out = new TreeMap<>();
        for (NeuronGroup g : ablated.groups()) {
            int size = groupSize.applyAsInt(g.structure());
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
