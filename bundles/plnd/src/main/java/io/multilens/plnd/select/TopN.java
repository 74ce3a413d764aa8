package io.multilens.plnd.select;

import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.plnd.tally.GroupTally;
import io.multilens.plnd.tally.LanguageTally;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Caps each group of a language's set at n neurons, keeping those with the highest mean
 * importance over the language's documents (ties: lower index), never an arbitrary subset.
 */
public record TopN(int n) {

    public TopN {
        if (n < 0) {
            throw new IllegalArgumentException("top_n must be >= 0 (0: no limit), got " + n);
        }
    }

    public NeuronSet apply(NeuronSet set, LanguageTally tally) {
        if (n == 0) {
            return set;
        }
        Map<NeuronGroup, int[]> out = new TreeMap<>();
        for (NeuronGroup g : set.groups()) {
            int[] idx = set.indices(g);
            GroupTally t = tally.groups().get(g);
            if (idx.length <= n) {
                out.put(g, idx);
                continue;
            }
            if (t == null) {
                throw new IllegalArgumentException(g + ": no importance tally to rank by");
            }
            Comparator<Integer> byMean = Comparator.<Integer>comparingDouble(t::meanImportance).reversed();
            out.put(g, IntStream.of(idx).boxed()
                    .sorted(byMean.thenComparingInt(i -> i))
                    .limit(n)
                    .mapToInt(Integer::intValue)
                    .toArray());
        }
        return NeuronSet.of(out);
    }
}
