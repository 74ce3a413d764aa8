package io.multilens.train.finetune;

import ai.djl.ndarray.NDArray;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.plugin.StepFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which parameter entries belong to a set of neurons: a q/k/v neuron is a row of its projection
 * (and its bias entry, if any), an o neuron a column of o_proj, an FFN unit a row of up_proj (and of
 * gate_proj) and a column of down_proj. {@code matrices} chooses among q, k, v, o, gate, up, down.
 */
final class NeuronSlices {

    static final List<String> MATRICES = List.of("q", "k", "v", "o", "gate", "up", "down");

    private NeuronSlices() {
    }

    static List<Slice> of(NeuronSet neurons, Set<String> matrices, Map<String, NDArray> params) {
        for (String m : matrices) {
            if (!MATRICES.contains(m)) {
                throw new StepFailure("option 'matrices': '" + m + "' is not one of " + MATRICES);
            }
        }
        List<Slice> out = new ArrayList<>();
        for (NeuronGroup g : neurons.groups()) {
            int[] idx = neurons.indices(g);
            String p = "model.layers." + g.layer() + ".";
            switch (g.structure()) {
                case Q -> projection(out, params, matrices, "q", p + "self_attn.q_proj", idx);
                case K -> projection(out, params, matrices, "k", p + "self_attn.k_proj", idx);
                case V -> projection(out, params, matrices, "v", p + "self_attn.v_proj", idx);
                case O -> add(out, params, matrices, "o", p + "self_attn.o_proj.weight", 1, idx);
                case FFN -> {
                    add(out, params, matrices, "gate", p + "mlp.gate_proj.weight", 0, idx);
                    add(out, params, matrices, "up", p + "mlp.up_proj.weight", 0, idx);
                    add(out, params, matrices, "down", p + "mlp.down_proj.weight", 1, idx);
                }
            }
        }
        return out;
    }

    private static void projection(List<Slice> out, Map<String, NDArray> params, Set<String> matrices, String m,
                                   String prefix, int[] idx) {
        add(out, params, matrices, m, prefix + ".weight", 0, idx);
        if (params.containsKey(prefix + ".bias")) {
            add(out, params, matrices, m, prefix + ".bias", 0, idx);
        }
    }

    private static void add(List<Slice> out, Map<String, NDArray> params, Set<String> matrices, String m, String tensor,
                            int axis, int[] idx) {
        if (!matrices.contains(m)) {
            return;
        }
        if (!params.containsKey(tensor)) {
            throw new StepFailure("the model has no tensor " + tensor + "; its architecture does not name weights as Llama does");
        }
        out.add(new Slice(tensor, axis, idx));
    }
}
