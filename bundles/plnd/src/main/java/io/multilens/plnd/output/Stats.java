package io.multilens.plnd.output;

import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import io.multilens.plnd.tally.LanguageTally;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The content of {@code stats.json}: per language, documents and tokens scored and neuron counts
 * per layer and structure (before and after overlap removal); pairwise Jaccard overlap of the
 * final sets.
 */
public final class Stats {

    private Stats() {
    }

    public static Map<String, Object> of(int numLayers, Set<Structure> structures, Map<String, LanguageTally> tallies,
                                         Map<String, NeuronSet> specific, Map<String, NeuronSet> selected) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> languages = new LinkedHashMap<>();
        selected.forEach((lang, set) -> {
            Map<String, Object> l = new LinkedHashMap<>();
            LanguageTally t = tallies.get(lang);
            l.put("documents", t.documents());
            l.put("tokens", t.tokens());
            l.put("specific", specific.get(lang).size());
            l.put("selected", set.size());
            l.put("per_structure", perStructure(structures, set));
            l.put("per_layer", perLayer(numLayers, structures, set));
            languages.put(lang, l);
        });
        root.put("languages", languages);
        root.put("jaccard", jaccard(selected));
        return root;
    }

    private static Map<String, Long> perStructure(Set<Structure> structures, NeuronSet set) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Structure s : structures) {
            long n = 0;
            for (NeuronGroup g : set.groups()) {
                if (g.structure() == s) {
                    n += set.count(g);
                }
            }
            m.put(s.key(), n);
        }
        return m;
    }

    /** One map per layer, index = layer, structure key to count. */
    private static List<Map<String, Integer>> perLayer(int numLayers, Set<Structure> structures, NeuronSet set) {
        List<Map<String, Integer>> layers = new ArrayList<>();
        for (int layer = 0; layer < numLayers; layer++) {
            Map<String, Integer> m = new LinkedHashMap<>();
            for (Structure s : structures) {
                m.put(s.key(), set.count(new NeuronGroup(layer, s)));
            }
            layers.add(m);
        }
        return layers;
    }

    /** |A ∩ B| / |A ∪ B| for every ordered pair of distinct languages (0 when both are empty). */
    static Map<String, Map<String, Double>> jaccard(Map<String, NeuronSet> sets) {
        Map<String, Map<String, Double>> m = new LinkedHashMap<>();
        sets.forEach((a, sa) -> {
            Map<String, Double> row = new LinkedHashMap<>();
            sets.forEach((b, sb) -> {
                if (!a.equals(b)) {
                    long union = sa.union(sb).size();
                    row.put(b, union == 0 ? 0.0 : (double) sa.intersect(sb).size() / union);
                }
            });
            m.put(a, row);
        });
        return m;
    }
}
