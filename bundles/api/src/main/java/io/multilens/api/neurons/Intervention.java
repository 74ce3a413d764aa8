package io.multilens.api.neurons;

import java.util.Objects;

/**
 * What a forward pass changes in the model: {@code off}'s neurons are switched off (zeroed),
 * {@code held}'s neurons are held at their values at every position (steering), and each vector of
 * {@code shifts} is added to the residual stream at its depth, at every position (depth ℓ as
 * {@code layers} counts: 0 the embeddings, ℓ the output of block ℓ − 1; DiffMean steering). One
 * value for every kind of change, so a model has one method per computation, not one per kind.
 */
public record Intervention(NeuronSet off, NeuronValues held, java.util.Map<Integer, float[]> shifts) {

    /** The model as it is. */
    public static final Intervention NONE = new Intervention(NeuronSet.empty(), NeuronValues.empty());

    public Intervention {
        Objects.requireNonNull(off, "off");
        Objects.requireNonNull(held, "held");
        shifts = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(Objects.requireNonNull(shifts, "shifts")));
    }

    /** Neurons off and held, no shift. */
    public Intervention(NeuronSet off, NeuronValues held) {
        this(off, held, java.util.Map.of());
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
        return off.isEmpty() && held.isEmpty() && shifts.isEmpty();
    }
}
