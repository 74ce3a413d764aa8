package io.multilens.api.neurons;

import java.util.Objects;

/**
 * What a forward pass changes in the model: {@code off}'s neurons are switched off (zeroed),
 * {@code held}'s neurons are held at their values at every position (steering), each vector of
 * {@code shifts} is added to the residual stream at its depth, at every position (depth ℓ as
 * {@code layers} counts: 0 the embeddings, ℓ the output of block ℓ − 1; DiffMean steering), and
 * {@code gates}' FFN units have their activation-function output held at their values before it
 * is multiplied by the up projection, so a unit's value is {@code value · up(x)} (LAPE's steering
 * hook on {@code act_fn(gate)}; on an MLP without a gate the activation is the unit's value, and
 * this is {@code held}). One value for every kind of change, so a model has one method per
 * computation, not one per kind. A unit both off and held (or gated) takes its held value.
 */
public record Intervention(NeuronSet off, NeuronValues held, java.util.Map<Integer, float[]> shifts, NeuronValues gates) {

    /** The model as it is. */
    public static final Intervention NONE = new Intervention(NeuronSet.empty(), NeuronValues.empty());

    public Intervention {
        Objects.requireNonNull(off, "off");
        Objects.requireNonNull(held, "held");
        shifts = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(Objects.requireNonNull(shifts, "shifts")));
        Objects.requireNonNull(gates, "gates");
        if (gates.neurons().groups().stream().anyMatch(g -> g.structure() != Structure.FFN)) {
            throw new IllegalArgumentException("only FFN units have a gate to hold; got " + gates.neurons().groups());
        }
    }

    /** Neurons off, held and shifts, no gate held. */
    public Intervention(NeuronSet off, NeuronValues held, java.util.Map<Integer, float[]> shifts) {
        this(off, held, shifts, NeuronValues.empty());
    }

    /** Neurons off and held, no shift. */
    public Intervention(NeuronSet off, NeuronValues held) {
        this(off, held, java.util.Map.of());
    }

    /** LAPE's steering: {@code off}'s units switched off and {@code gates}' activations held (those win where both). */
    public static Intervention gate(NeuronSet off, NeuronValues gates) {
        return new Intervention(off.minus(gates.neurons()), NeuronValues.empty(), java.util.Map.of(), gates);
    }

    /** {@code vector} [hidden] added to the residual stream at {@code depth}. */
    public static Intervention shift(int depth, float[] vector) {
        return new Intervention(NeuronSet.empty(), NeuronValues.empty(), java.util.Map.of(depth, vector.clone()));
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
        return off.isEmpty() && held.isEmpty() && shifts.isEmpty() && gates.isEmpty();
    }
}
