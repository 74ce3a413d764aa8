package io.multilens.api.neurons;

import java.util.Objects;

/**
 * What a forward pass changes in the model: {@code off}'s neurons are switched off (zeroed) and
 * {@code held}'s neurons are held at their values at every position (steering). One value for
 * every kind of change, so a model has one method per computation, not one per kind of change.
 */
public record Intervention(NeuronSet off, NeuronValues held) {

    /** The model as it is. */
    public static final Intervention NONE = new Intervention(NeuronSet.empty(), NeuronValues.empty());

    public Intervention {
        Objects.requireNonNull(off, "off");
        Objects.requireNonNull(held, "held");
    }

    /** {@code set}'s neurons switched off. */
    public static Intervention off(NeuronSet set) {
        return set.isEmpty() ? NONE : new Intervention(set, NeuronValues.empty());
    }

    /** {@code values}' neurons held at their values. */
    public static Intervention hold(NeuronValues values) {
        return values.isEmpty() ? NONE : new Intervention(NeuronSet.empty(), values);
    }

    /** True when it changes nothing. */
    public boolean isNone() {
        return off.isEmpty() && held.isEmpty();
    }
}
