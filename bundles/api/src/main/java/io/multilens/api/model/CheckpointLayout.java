package io.multilens.api.model;

import java.util.List;
import java.util.Map;

/**
 * What a checkpoint of some {@link ModelShape} holds, as its architecture's backend names it:
 * config.json, and every tensor in the order a fresh model initialises them.
 *
 * @param config  config.json's fields
 * @param tensors every stored tensor
 */
public record CheckpointLayout(Map<String, Object> config, List<Tensor> tensors) {

    public CheckpointLayout {
        config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
        tensors = List.copyOf(tensors);
    }

    /** How a fresh model sets a tensor: random weights, gains of 1, or zeros (biases, Gemma's offset gains). */
    public enum Init { RANDOM, ONES, ZEROS }

    /** One tensor: its Hugging Face name, shape and initial values. */
    public record Tensor(String name, long[] shape, Init init) {

        public long elements() {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            return n;
        }
    }

    /** The number of stored values (a tied head counted once: it is not stored twice). */
    public long parameters() {
        return tensors.stream().mapToLong(Tensor::elements).sum();
    }
}
