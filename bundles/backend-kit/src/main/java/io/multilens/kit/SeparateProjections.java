package io.multilens.kit;

import io.multilens.api.model.NeuronParameters;
import io.multilens.api.neurons.NeuronGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Which parameters a neuron owns in the Hugging Face layout that Llama, Mistral, Qwen and Gemma
 * share: separate q/k/v/o projections under {@code model.layers.{i}.self_attn.} (a q/k/v neuron is
 * a row, and its bias entry where the checkpoint has biases; an o neuron a column) and a gated MLP
 * under {@code mlp.} (an FFN unit is a row of gate and up and a column of down).
 */
public final class SeparateProjections {

    private SeparateProjections() {
    }

    /** @param stored whether the model holds a parameter of that name (for the optional biases) */
    public static List<NeuronParameters> of(NeuronGroup group, int[] neurons, Predicate<String> stored) {
        return of("model.", group, neurons, stored);
    }

    /** @param prefix what stands before {@code layers.}: {@code model.}, or a multimodal checkpoint's language model's */
    public static List<NeuronParameters> of(String prefix, NeuronGroup group, int[] neurons, Predicate<String> stored) {
        String p = prefix + "layers." + group.layer() + ".";
        List<NeuronParameters> out = new ArrayList<>();
        switch (group.structure()) {
            case Q, K, V -> {
                String role = group.structure().name().toLowerCase(Locale.ROOT);
                String projection = p + "self_attn." + role + "_proj";
                out.add(new NeuronParameters(role, projection + ".weight", 0, neurons));
                if (stored.test(projection + ".bias")) {
                    out.add(new NeuronParameters(role, projection + ".bias", 0, neurons));
                }
            }
            case O -> out.add(new NeuronParameters("o", p + "self_attn.o_proj.weight", 1, neurons));
            case FFN -> {
                out.add(new NeuronParameters("gate", p + "mlp.gate_proj.weight", 0, neurons));
                out.add(new NeuronParameters("up", p + "mlp.up_proj.weight", 0, neurons));
                out.add(new NeuronParameters("down", p + "mlp.down_proj.weight", 1, neurons));
            }
        }
        return out;
    }
}
