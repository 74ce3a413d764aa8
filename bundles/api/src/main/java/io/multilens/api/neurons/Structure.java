package io.multilens.api.neurons;

/**
 * The five kinds of neuron PLND scores. q/k/v neurons are rows of their own projection (so
 * grouped-query k/v rows are counted in key/value-head space); o neurons are columns of o_proj;
 * FFN neurons are intermediate units (row of gate/up, column of down).
 */
public enum Structure {
    Q("attn.q", true),
    K("attn.k", true),
    V("attn.v", true),
    O("attn.o", true),
    FFN("mlp.ffn", false);

    private final String key;
    private final boolean attention;

    Structure(String key, boolean attention) {
        this.key = key;
        this.attention = attention;
    }

    /** The suffix in a neuron address: {@code attn.q} ... {@code mlp.ffn}. */
    public String key() {
        return key;
    }

    public boolean isAttention() {
        return attention;
    }

    public static Structure fromKey(String key) {
        for (Structure s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown neuron structure '" + key
                + "': expected attn.q, attn.k, attn.v, attn.o or mlp.ffn");
    }
}
