package io.multilens.api.neurons;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One layer's neurons of one structure, addressed {@code layers.{i}.attn.q} ... {@code layers.{i}.mlp.ffn}. */
public record NeuronGroup(int layer, Structure structure) implements Comparable<NeuronGroup> {

    private static final Pattern KEY = Pattern.compile("layers\\.(\\d+)\\.(attn\\.[qkvo]|mlp\\.ffn)");

    public NeuronGroup {
        if (layer < 0) {
            throw new IllegalArgumentException("layer must be >= 0, got " + layer);
        }
    }

    public String key() {
        return "layers." + layer + "." + structure.key();
    }

    public static NeuronGroup parse(String key) {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + key
                    + "' is not a neuron group: expected layers.{i}.attn.{q,k,v,o} or layers.{i}.mlp.ffn");
        }
        return new NeuronGroup(Integer.parseInt(m.group(1)), Structure.fromKey(m.group(2)));
    }

    @Override
    public int compareTo(NeuronGroup o) {
        int c = Integer.compare(layer, o.layer);
        return c != 0 ? c : structure.compareTo(o.structure);
    }

    @Override
    public String toString() {
        return key();
    }
}
