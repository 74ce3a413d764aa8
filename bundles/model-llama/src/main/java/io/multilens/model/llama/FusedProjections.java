package io.multilens.model.llama;

import io.multilens.api.model.NeuronParameters;
import io.multilens.api.neurons.NeuronGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * Which parameters a neuron owns in Phi-3's fused layout: a q neuron i is row i of
 * {@code self_attn.qkv_proj}, a k neuron j row qDim + j, a v neuron j row qDim + kvDim + j; an o
 * neuron a column of {@code o_proj}; an FFN unit u rows u (gate) and intermediate + u (up) of
 * {@code mlp.gate_up_proj} and column u of {@code down_proj}.
 */
final class FusedProjections {

    private FusedProjections() {
    }

    static List<NeuronParameters> of(NeuronGroup group, int[] neurons, int qDim, int kvDim, int intermediate) {
        String p = "model.layers." + group.layer() + ".";
        String qkv = p + "self_attn.qkv_proj.weight";
        String gateUp = p + "mlp.gate_up_proj.weight";
        List<NeuronParameters> out = new ArrayList<>();
        switch (group.structure()) {
            case Q -> out.add(new NeuronParameters("q", qkv, 0, shifted(neurons, 0)));
            case K -> out.add(new NeuronParameters("k", qkv, 0, shifted(neurons, qDim)));
            case V -> out.add(new NeuronParameters("v", qkv, 0, shifted(neurons, qDim + kvDim)));
            case O -> out.add(new NeuronParameters("o", p + "self_attn.o_proj.weight", 1, neurons));
            case FFN -> {
                out.add(new NeuronParameters("gate", gateUp, 0, shifted(neurons, 0)));
                out.add(new NeuronParameters("up", gateUp, 0, shifted(neurons, intermediate)));
                out.add(new NeuronParameters("down", p + "mlp.down_proj.weight", 1, neurons));
            }
        }
        return out;
    }

    private static int[] shifted(int[] neurons, int offset) {
        int[] rows = new int[neurons.length];
        for (int n = 0; n < neurons.length; n++) {
            rows[n] = neurons[n] + offset;
        }
        return rows;
    }
}
