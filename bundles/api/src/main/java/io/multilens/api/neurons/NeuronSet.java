package io.multilens.api.neurons;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * An immutable set of neurons: for each group, the sorted, distinct indices it holds. Groups with
 * no index are not stored, so {@link #groups()} lists only non-empty ones.
 */
public final class NeuronSet {

    private static final NeuronSet EMPTY = new NeuronSet(new TreeMap<>());

    private final SortedMap<NeuronGroup, int[]> indices;

    private NeuronSet(SortedMap<NeuronGroup, int[]> indices) {
        this.indices = indices;
    }

    public static NeuronSet empty() {
        return EMPTY;
    }

    /** A set from a map of group to indices (any order, duplicates ignored). */
    public static NeuronSet of(Map<NeuronGroup, int[]> groups) {
        SortedMap<NeuronGroup, int[]> copy = new TreeMap<>();
        groups.forEach((g, idx) -> {
            int[] sorted = Arrays.stream(idx).sorted().distinct().toArray();
            if (sorted.length > 0) {
                if (sorted[0] < 0) {
                    throw new IllegalArgumentException(g + ": negative neuron index " + sorted[0]);
                }
                copy.put(g, sorted);
            }
        });
        return copy.isEmpty() ? EMPTY : new NeuronSet(copy);
    }

    public Set<NeuronGroup> groups() {
        return Collections.unmodifiableSet(indices.keySet());
    }

    /** The sorted indices of a group (a copy; empty when the group holds none). */
    public int[] indices(NeuronGroup group) {
        int[] idx = indices.get(group);
        return idx == null ? new int[0] : idx.clone();
    }

    public boolean contains(NeuronGroup group, int index) {
        int[] idx = indices.get(group);
        return idx != null && Arrays.binarySearch(idx, index) >= 0;
    }

    public int count(NeuronGroup group) {
        int[] idx = indices.get(group);
        return idx == null ? 0 : idx.length;
    }

    public long size() {
        long n = 0;
        for (int[] idx : indices.values()) {
            n += idx.length;
        }
        return n;
    }

    public boolean isEmpty() {
        return indices.isEmpty();
    }

    public NeuronSet union(NeuronSet other) {
        Map<NeuronGroup, int[]> out = new TreeMap<>(indices);
        other.indices.forEach((g, idx) -> out.merge(g, idx, NeuronSet::concat));
        return of(out);
    }

    public NeuronSet minus(NeuronSet other) {
        return filter((g, i) -> !other.contains(g, i));
    }

    public NeuronSet intersect(NeuronSet other) {
        return filter(other::contains);
    }

    /** Keeps the neurons of the given groups' structures only, e.g. attention or FFN. */
    public NeuronSet filter(NeuronPredicate keep) {
        Map<NeuronGroup, int[]> out = new TreeMap<>();
        indices.forEach((g, idx) -> {
            IntPredicate p = i -> keep.test(g, i);
            out.put(g, Arrays.stream(idx).filter(p).toArray());
        });
        return of(out);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NeuronSet other) || !indices.keySet().equals(other.indices.keySet())) {
            return false;
        }
        for (Map.Entry<NeuronGroup, int[]> e : indices.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.indices.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (Map.Entry<NeuronGroup, int[]> e : indices.entrySet()) {
            h = 31 * h + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        return "NeuronSet[" + size() + " neurons in " + indices.size() + " groups]";
    }

    /** A test on one neuron. */
    @FunctionalInterface
    public interface NeuronPredicate {
        boolean test(NeuronGroup group, int index);
    }
}
