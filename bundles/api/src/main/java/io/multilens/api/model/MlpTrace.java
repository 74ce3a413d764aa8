package io.multilens.api.model;

import ai.djl.ndarray.NDArray;

/**
 * One layer's MLP activations (B documents, T tokens, H hidden, I intermediate).
 *
 * @param input         [B, T, H] the MLP block's input after its norm
 * @param gate          [B, T, I] the gate projection's output; null for an MLP without a gate (BLOOM)
 * @param up            [B, T, I] the up projection's output
 * @param preActivation [B, T, I] what the activation function is applied to, whose sign says whether
 *                      a unit is active (LAPE): the gate where there is one, else the up projection
 * @param activated     [B, T, I] the activation function's output, act(gate) before {@code * up} (LAPE's
 *                      steering hook); {@code act} itself for an MLP without a gate
 * @param act           [B, T, I] the FFN neurons' values (act(gate) * up, or act(up)): input of the down projection
 * @param output        [B, T, H] the down projection's output (before the residual add and any post-norm)
 * @param valid         [B, T]    1 for real tokens, 0 for padding
 */
public record MlpTrace(NDArray input, NDArray gate, NDArray up, NDArray preActivation, NDArray activated, NDArray act, NDArray output,
                       NDArray valid) {
}
