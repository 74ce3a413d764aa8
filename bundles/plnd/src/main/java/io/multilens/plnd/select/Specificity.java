package io.multilens.plnd.select;

import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.plnd.tally.GroupTally;
import io.multilens.plnd.tally.LanguageTally;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/** A neuron is specific to a language when it was active in at least a given fraction of its documents. */
public record Specificity(double minDocumentFraction) {

    public Specificity {
        if (!(minDocumentFraction > 0 && minDocumentFraction <= 1)) {
            throw new IllegalArgumentException("min_document_fraction must be in (0, 1], got " + minDocumentFraction);
        }
    }

    /** The fewest active documents out of {@code documents} that make a neuron specific. */
    public long required(long documents) {
        // the epsilon keeps 0.3 * 10 = 3.0000000000000004 from requiring 4
        return Math.max(1, (long) Math.ceil(minDocumentFraction * documents - 1e-9));
    }

    public NeuronSet specific(LanguageTally tally) {
        Map<NeuronGroup, int[]> out = new TreeMap<>();
        tally.groups().forEach((group, t) -> out.put(group, specific(t)));
        return NeuronSet.of(out);
    }

    private int[] specific(GroupTally t) {
        if (t.documents() == 0) {
            return new int[0];
        }
        long needed = required(t.documents());
        return IntStream.range(0, t.size()).filter(i -> t.active(i) >= needed).toArray();
    }
}
