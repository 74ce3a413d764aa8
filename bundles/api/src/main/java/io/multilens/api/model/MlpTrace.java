package io.multilens.api.model;

import ai.djl.ndarray.NDArray;

/**
 * One layer's MLP activations (B documents, T tokens, H hidden, I intermediate).
 *
 * @param input  [B, T, H] the MLP block's input after the RMS norm
 * @param gate   [B, T, I] gate_proj output
 * @param up     [B, T, I] up_proj output
 * @param act    [B, T, I] act(gate) * up, the FFN neurons' values (input of down_proj)
 * @param output [B, T, H] down_proj output (before the residual add)
 * @param valid  [B, T]    1 for real tokens, 0 for padding
 */
public record MlpTrace(NDArray input, NDArray gate, NDArray up, NDArray act, NDArray output, NDArray valid) {
}
