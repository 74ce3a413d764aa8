package io.multilens.train.finetune;

import ai.djl.ndarray.NDArray;
import io.multilens.api.model.NeuronParameters;
import io.multilens.api.model.TrainableModel;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.status.StepFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which parameter entries belong to a set of neurons, as the model's backend says
 * ({@link TrainableModel#neuronParameters}): for Llama a q/k/v neuron is a row of its projection
 * (and its bias entry, if any), an o neuron a column of the output projection, an FFN unit a row of
 * the up (and gate) projection and a column of the down projection; BLOOM's q/k/v are rows of one
 * fused projection.
 * {@code matrices} chooses among the roles q, k, v, o, gate, up, down. Slices of one tensor along
 * one axis are merged, so a fused matrix is one trained tensor however many roles touch it.
 */
final class NeuronSlices {

    static final List<String> MATRICES = NeuronParameters.ROLES;

    private NeuronSlices() {
    }

    static List<Slice> of(NeuronSet neurons, Set<String> matrices, TrainableModel model) {
        for (String m : matrices) {
            if (!MATRICES.contains(m)) {
                throw new StepFailure("option 'matrices': '" + m + "' is not one of " + MATRICES);
            }
        }
        Map<String, NDArray> params = model.parameters();
        Map<String, java.util.TreeSet<Integer>> merged = new java.util.LinkedHashMap<>();
        for (NeuronGroup g : neurons.groups()) {
            for (NeuronParameters p : model.neuronParameters(g, neurons.indices(g))) {
                if (!matrices.contains(p.role())) {
                    continue;
                }
                if (!params.containsKey(p.tensor())) {
                    throw new IllegalStateException("the backend names tensor " + p.tensor() + " for " + g.key()
                            + " but the model has no such parameter");
                }
                java.util.TreeSet<Integer> idx = merged.computeIfAbsent(p.tensor() + "#" + p.axis(), k -> new java.util.TreeSet<>());
                for (int i : p.indices()) {
                    idx.add(i);
                }
            }
        }
        List<Slice> out = new ArrayList<>();
        merged.forEach((key, idx) -> {
            int cut = key.lastIndexOf('#');
            out.add(new Slice(key.substring(0, cut), Integer.parseInt(key.substring(cut + 1)),
                    idx.stream().mapToInt(Integer::intValue).toArray()));
        });
        return out;
    }
}
