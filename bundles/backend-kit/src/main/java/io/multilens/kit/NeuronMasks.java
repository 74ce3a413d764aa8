package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import io.multilens.api.status.StepFailure;
import java.util.Arrays;

/**
 * A call's deactivated neurons as multiplicative 0/1 vectors, one per non-empty group, built once
 * per call. Multiplying activations (never weights) keeps deactivation reversible by construction.
 */
public final class NeuronMasks {

    private static final NeuronMasks NONE = new NeuronMasks(null);

    /** [layer][structure] -> [groupSize] float32, or null when nothing there is deactivated */
    private final NDArray[][] masks;
    /** [layer][structure] -> [groupSize] float32 added after the mask (set values), or null */
    private final NDArray[][] added;
    /** [depth] -> [hidden] float32 added to the residual stream there, or null */
    private final NDArray[] shifts;
    /** The FFN activations held before {@code * up} (LAPE's hook), as held values of their own; null when none */
    private final NeuronMasks gates;

    private NeuronMasks(NDArray[][] masks) {
        this(masks, null, null, null);
    }

    private NeuronMasks(NDArray[][] masks, NDArray[][] added) {
        this(masks, added, null, null);
    }

    private NeuronMasks(NDArray[][] masks, NDArray[][] added, NDArray[] shifts, NeuronMasks gates) {
        this.masks = masks;
        this.added = added;
        this.shifts = shifts;
        this.gates = gates;
    }

    /**
     * The masks of an intervention: its neurons switched off, its held neurons at their values, its
     * residual shifts, its held gates. A unit both off and gated keeps its gate value, so it is not
     * zeroed after {@code * up}.
     */
    public static NeuronMasks of(NDManager manager, io.multilens.api.neurons.Intervention change, ModelConfig config) {
        NeuronMasks masks = of(manager, change.off().minus(change.gates().neurons()), change.held(), config);
        if (change.shifts().isEmpty() && change.gates().isEmpty()) {
            return masks;
        }
        NDArray[] shifts = change.shifts().isEmpty() ? null : new NDArray[config.numLayers() + 1];
        change.shifts().forEach((depth, v) -> {
            if (depth < 0 || depth > config.numLayers() || v.length != config.hiddenSize()) {
                throw new StepFailure("a residual shift at depth " + depth + " of " + v.length + " values, but the model has"
                        + " depths 0.." + config.numLayers() + " of " + config.hiddenSize() + " values");
            }
            shifts[depth] = manager.create(v);
        });
        NeuronMasks gates = change.gates().isEmpty() ? null : of(manager, NeuronSet.empty(), change.gates(), config);
        return new NeuronMasks(masks.masks, masks.added, shifts, gates);
    }

    /**
     * {@code activated} [B, T, I], layer {@code layer}'s activation-function output before {@code * up},
     * with the held gates replaced by their values.
     */
    public NDArray gate(NDArray activated, int layer) {
        return gates == null ? activated : gates.apply(activated, layer, Structure.FFN);
    }

    /** {@code x} [B, T, H] at residual depth {@code depth}, plus the shift there if there is one. */
    public NDArray shift(NDArray x, int depth) {
        NDArray v = shifts == null ? null : shifts[depth];
        return v == null ? x : x.add(v);
    }

    /**
     * {@code deactivate}'s neurons zeroed and {@code set}'s neurons replaced by their values:
     * x * keep + value, with keep 0 and value v at a set neuron, keep 1 and value 0 elsewhere. A
     * neuron in both takes its set value (setting overrides switching off).
     */
    public static NeuronMasks of(NDManager manager, NeuronSet deactivate, io.multilens.api.neurons.NeuronValues set,
                                 ModelConfig config) {
        if (set == null || set.isEmpty()) {
            return of(manager, deactivate, config);
        }
        NeuronSet off = deactivate == null ? NeuronSet.empty() : deactivate;
        NeuronMasks zeroed = of(manager, off.union(set.neurons()), config);
        NDArray[][] added = new NDArray[config.numLayers()][Structure.values().length];
        set.entries().forEach((g, e) -> {
            int size = config.groupSize(g.structure());
            check(g, e.indices(), size, config);
            float[] v = new float[size];
            for (int i = 0; i < e.indices().length; i++) {
                v[e.indices()[i]] = e.values()[i];
            }
            added[g.layer()][g.structure().ordinal()] = manager.create(v);
        });
        return new NeuronMasks(zeroed.masks, added);
    }

    public static NeuronMasks of(NDManager manager, NeuronSet deactivate, ModelConfig config) {
        if (deactivate == null || deactivate.isEmpty()) {
            return NONE;
        }
        NDArray[][] masks = new NDArray[config.numLayers()][Structure.values().length];
        for (NeuronGroup g : deactivate.groups()) {
            int size = config.groupSize(g.structure());
            int[] idx = deactivate.indices(g);
            check(g, idx, size, config);
            float[] keep = new float[size];
            Arrays.fill(keep, 1f);
            for (int i : idx) {
                keep[i] = 0f;
            }
            masks[g.layer()][g.structure().ordinal()] = manager.create(keep);
        }
        return new NeuronMasks(masks);
    }

    /**
     * One set per batch row (rows of a call may switch off different neurons): each mask is
     * [B, 1, groupSize], ones where that row keeps the neuron, broadcast over the row's tokens.
     */
    public static NeuronMasks perRow(NDManager manager, java.util.List<NeuronSet> rows, ModelConfig config) {
        if (rows.stream().allMatch(r -> r == null || r.isEmpty())) {
            return NONE;
        }
        if (rows.stream().distinct().count() == 1) {
            return of(manager, rows.get(0), config);
        }
        RowTable table = new RowTable(config, rows.size());
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r) != null) {
                table.off(r, rows.get(r));
            }
        }
        return new NeuronMasks(table.keep(manager));
    }

    /**
     * One intervention per batch row, each of its kinds varying by row: keep masks and held values
     * [B, 1, groupSize], held gates the same, residual shifts [B, 1, hidden] (zero where a row has
     * none), all broadcast over the row's tokens. Equals {@link #of(NDManager, io.multilens.api.neurons.Intervention,
     * ModelConfig)} row by row.
     */
    public static NeuronMasks perRowChanges(NDManager manager, java.util.List<io.multilens.api.neurons.Intervention> rows,
                                            ModelConfig config) {
        if (rows.stream().distinct().count() == 1) {
            return of(manager, rows.get(0), config);
        }
        if (rows.stream().allMatch(r -> r.held().isEmpty() && r.shifts().isEmpty() && r.gates().isEmpty())) {
            return perRow(manager, rows.stream().map(io.multilens.api.neurons.Intervention::off).toList(), config);
        }
        int b = rows.size();
        RowTable main = new RowTable(config, b);
        RowTable gated = new RowTable(config, b);
        float[][] shift = new float[config.numLayers() + 1][];
        for (int r = 0; r < b; r++) {
            io.multilens.api.neurons.Intervention change = rows.get(r);
            NeuronSet gateNeurons = change.gates().neurons();
            main.off(r, change.off().minus(gateNeurons).union(change.held().neurons()));
            main.set(r, change.held());
            gated.off(r, gateNeurons);
            gated.set(r, change.gates());
            for (var e : change.shifts().entrySet()) {
                int depth = e.getKey();
                float[] v = e.getValue();
                if (depth < 0 || depth > config.numLayers() || v.length != config.hiddenSize()) {
                    throw new StepFailure("a residual shift at depth " + depth + " of " + v.length + " values, but the model has"
                            + " depths 0.." + config.numLayers() + " of " + config.hiddenSize() + " values");
                }
                if (shift[depth] == null) {
                    shift[depth] = new float[b * config.hiddenSize()];
                }
                System.arraycopy(v, 0, shift[depth], r * config.hiddenSize(), v.length);
            }
        }
        NDArray[] shifts = null;
        for (int d = 0; d < shift.length; d++) {
            if (shift[d] != null) {
                shifts = shifts == null ? new NDArray[shift.length] : shifts;
                shifts[d] = manager.create(shift[d], new ai.djl.ndarray.types.Shape(b, 1, config.hiddenSize()));
            }
        }
        NeuronMasks gates = gated.isEmpty() ? null : new NeuronMasks(gated.keep(manager), gated.values(manager));
        return new NeuronMasks(main.keep(manager), main.values(manager), shifts, gates);
    }

    /** Keep masks and set values of a batch, row by row: [layer][structure] -> float[B * groupSize], null where untouched. */
    private static final class RowTable {
        final ModelConfig config;
        final int rows;
        final float[][][] keep;
        final float[][][] value;

        RowTable(ModelConfig config, int rows) {
            this.config = config;
            this.rows = rows;
            this.keep = new float[config.numLayers()][Structure.values().length][];
            this.value = new float[config.numLayers()][Structure.values().length][];
        }

        void off(int row, NeuronSet set) {
            for (NeuronGroup g : set.groups()) {
                int size = config.groupSize(g.structure());
                int[] idx = set.indices(g);
                check(g, idx, size, config);
                float[] k = keep[g.layer()][g.structure().ordinal()];
                if (k == null) {
                    k = new float[rows * size];
                    Arrays.fill(k, 1f);
                    keep[g.layer()][g.structure().ordinal()] = k;
                }
                for (int i : idx) {
                    k[row * size + i] = 0f;
                }
            }
        }

        void set(int row, io.multilens.api.neurons.NeuronValues values) {
            values.entries().forEach((g, e) -> {
                int size = config.groupSize(g.structure());
                check(g, e.indices(), size, config);
                float[] v = value[g.layer()][g.structure().ordinal()];
                if (v == null) {
                    v = new float[rows * size];
                    value[g.layer()][g.structure().ordinal()] = v;
                }
                for (int i = 0; i < e.indices().length; i++) {
                    v[row * size + e.indices()[i]] = e.values()[i];
                }
            });
        }

        boolean isEmpty() {
            return Arrays.stream(keep).flatMap(Arrays::stream).allMatch(java.util.Objects::isNull)
                    && Arrays.stream(value).flatMap(Arrays::stream).allMatch(java.util.Objects::isNull);
        }

        NDArray[][] keep(NDManager manager) {
            return arrays(manager, keep);
        }

        NDArray[][] values(NDManager manager) {
            return arrays(manager, value);
        }

        private NDArray[][] arrays(NDManager manager, float[][][] table) {
            NDArray[][] out = new NDArray[config.numLayers()][Structure.values().length];
            for (int l = 0; l < out.length; l++) {
                for (Structure st : Structure.values()) {
                    float[] t = table[l][st.ordinal()];
                    if (t != null) {
                        out[l][st.ordinal()] = manager.create(t, new ai.djl.ndarray.types.Shape(rows, 1, config.groupSize(st)));
                    }
                }
            }
            return out;
        }
    }

    private static void check(NeuronGroup g, int[] idx, int size, ModelConfig config) {
        if (g.layer() >= config.numLayers() || idx[idx.length - 1] >= size) {
            throw new StepFailure("neuron set addresses " + g.key() + " index " + idx[idx.length - 1]
                    + " but the model has " + config.numLayers() + " layers and " + size + " "
                    + g.structure().key() + " neurons per layer; the neuron file was made for another model");
        }
    }

    /**
     * {@code x} [..., groupSize] (or [B, T, groupSize] for per-row masks) with the deactivated neurons
     * of that group zeroed and the set ones replaced by their values.
     */
    public NDArray apply(NDArray x, int layer, Structure structure) {
        NDArray mask = masks == null ? null : masks[layer][structure.ordinal()];
        NDArray kept = mask == null ? x : x.mul(mask);
        NDArray value = added == null ? null : added[layer][structure.ordinal()];
        return value == null ? kept : kept.add(value);
    }
}
