package io.multilens.api.neurons;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Neurons held at fixed values: at every position of a forward pass, each listed neuron's
 * activation is replaced by its value (steering), where {@link NeuronSet} switches neurons off.
 * Addresses as in neurons.json; values aligned with the sorted indices of each group.
 */
public final class NeuronValues {

    /** One group's neurons and the values they are set to. */
    public record Entry(int[] indices, float[] values) {
        public Entry {
            if (indices.length != values.length) {
                throw new IllegalArgumentException(indices.length + " indices but " + values.length + " values");
            }
        }
    }

    private static final NeuronValues EMPTY = new NeuronValues(Map.of());

    private final Map<NeuronGroup, Entry> entries;

    private NeuronValues(Map<NeuronGroup, Entry> entries) {
        this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    public static NeuronValues empty() {
        return EMPTY;
    }

    /** Indices are sorted (with their values) and must not repeat within a group. */
    public static NeuronValues of(Map<NeuronGroup, Entry> entries) {
        Map<NeuronGroup, Entry> sorted = new TreeMap<>();
        entries.forEach((g, e) -> {
            Integer[] order = new Integer[e.indices().length];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, (a, b) -> Integer.compare(e.indices()[a], e.indices()[b]));
            int[] idx = new int[order.length];
            float[] val = new float[order.length];
            for (int i = 0; i < order.length; i++) {
                idx[i] = e.indices()[order[i]];
                val[i] = e.values()[order[i]];
                if (i > 0 && idx[i] == idx[i - 1]) {
                    throw new IllegalArgumentException(g.key() + ": neuron " + idx[i] + " is given twice");
                }
            }
            if (idx.length > 0) {
                sorted.put(g, new Entry(idx, val));
            }
        });
        return new NeuronValues(sorted);
    }

    public Map<NeuronGroup, Entry> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The neurons whose values are set, as a set. */
    public NeuronSet neurons() {
        Map<NeuronGroup, int[]> m = new TreeMap<>();
        entries.forEach((g, e) -> m.put(g, e.indices()));
        return NeuronSet.of(m);
    }

    /** How many neurons are set. */
    public long size() {
        return entries.values().stream().mapToLong(e -> e.indices().length).sum();
    }
}
