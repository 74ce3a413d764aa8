package io.multilens.plnd.select;

import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The authors' released code on grouped-query models ({@code kv_index_rule: release-index}): k and
 * v neurons are ranked and selected among the num_heads*head_dim entries of query-head space, and
 * entry i then stands for row {@code i / (num_heads / num_kv_heads)} of k_proj or v_proj, as their
 * fine-tuning code divides by the number of query heads per key/value head. That row is in the
 * right key/value head but at another dimension (entry h*hd + d of query head h lands on dimension
 * (h mod g)*hd/g + d/g), and g neighbouring entries share a row. Kept only to reproduce their
 * numbers; the default ranks the rows themselves by the sum over the query heads that share them.
 */
public final class ReleaseKvRows {

    private final int groups;

    /** {@code groups}: query heads per key/value head (1: no grouping, nothing changes). */
    public ReleaseKvRows(int groups) {
        if (groups < 1) {
            throw new IllegalArgumentException("query heads per key/value head must be positive, got " + groups);
        }
        this.groups = groups;
    }

    public int groups() {
        return groups;
    }

    /** k and v indices from query-head space to rows (sorted, each once); other groups unchanged. */
    public NeuronSet rows(NeuronSet queryHeadSpace) {
        Map<NeuronGroup, int[]> out = new LinkedHashMap<>();
        for (NeuronGroup g : queryHeadSpace.groups()) {
            int[] indices = queryHeadSpace.indices(g);
            out.put(g, mapped(g) ? Arrays.stream(indices).map(i -> i / groups).distinct().sorted().toArray() : indices);
        }
        return NeuronSet.of(out);
    }

    /**
     * Per-neuron values (aligned with {@code set.indices(g)}) carried to rows: a row gets the largest
     * value among the entries that map to it.
     */
    public Map<NeuronGroup, double[]> rowValues(NeuronSet queryHeadSpace, Map<NeuronGroup, double[]> values) {
        Map<NeuronGroup, double[]> out = new LinkedHashMap<>();
        for (NeuronGroup g : queryHeadSpace.groups()) {
            int[] indices = queryHeadSpace.indices(g);
            double[] v = values.get(g);
            if (!mapped(g)) {
                out.put(g, v);
                continue;
            }
            TreeMap<Integer, Double> byRow = new TreeMap<>();
            for (int k = 0; k < indices.length; k++) {
                byRow.merge(indices[k] / groups, v[k], Math::max);
            }
            out.put(g, byRow.values().stream().mapToDouble(Double::doubleValue).toArray());
        }
        return out;
    }

    private boolean mapped(NeuronGroup g) {
        return groups > 1 && (g.structure() == Structure.K || g.structure() == Structure.V);
    }
}
