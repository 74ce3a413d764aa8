package io.multilens.api.model;

/**
 * Parameter entries that belong to some neurons of one group: rows ({@code axis} 0, also the
 * entries of a bias) or columns ({@code axis} 1) of one tensor. Trainers and deltas work on these,
 * so they need not know how an architecture names or fuses its weights.
 *
 * @param role    which matrix of the neuron this is: q, k, v, o, gate, up or down (trainers choose by it)
 * @param tensor  the parameter's name in {@link TrainableModel#parameters()}
 * @param indices in the order of the neurons asked for
 */
public record NeuronParameters(String role, String tensor, int axis, int[] indices) {

    /** Roles in the order trainers list them. */
    public static final java.util.List<String> ROLES = java.util.List.of("q", "k", "v", "o", "gate", "up", "down");
}
