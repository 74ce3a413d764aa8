package io.multilens.api.model;

import ai.djl.ndarray.NDArray;

/**
 * One layer's attention activations for a batch of B documents of T tokens (right-padded), and
 * everything an analysis needs to recompute the layer's attention probabilities exactly as the
 * model does, whatever the architecture: {@code probs = softmax(scale * qPos kPos^T + scoreBias)}.
 * H is the hidden size, nh/nkv the query/key-value head counts, hd the head dimension. Arrays
 * belong to the forward pass's manager: copy what must outlive the callback.
 *
 * <p>Neuron q (h, d) is dimension d of {@code q}'s head h, the value before any position
 * transform; likewise k and v. With rotary embeddings (Llama family), {@code qPos = q * cos +
 * rotateHalf(q) * sin}, so zeroing q[..., d] moves post-rotary columns d and its partner
 * d ± hd/2; without them (BLOOM's ALiBi lives in {@code scoreBias}) {@code qPos = q}.
 *
 * @param input     [B, T, H]        the attention block's input after its norm
 * @param q         [B, nh, T, hd]   queries before the position transform (after bias)
 * @param k         [B, nkv, T, hd]  keys before the position transform (after bias)
 * @param v         [B, nkv, T, hd]  values
 * @param qPos      [B, nh, T, hd]   queries after the position transform
 * @param kPos      [B, nkv, T, hd]  keys after the position transform
 * @param rotaryCos [T, hd]          rotary cosines (rotate-half layout); null when the model has no rotary transform
 * @param rotarySin [T, hd]          rotary sines; null likewise
 * @param scale     the factor of q·k in the scores (1/sqrt(hd) for every architecture so far)
 * @param scoreBias [B, 1 or nh, T, T] what the model adds to the scaled scores before softmax: the
 *                  causal, padding and sliding-window masks (a large negative number where a key is
 *                  hidden) and position biases such as ALiBi
 * @param probs     [B, nh, T, T]    attention probabilities after softmax
 * @param context   [B, T, nh*hd]    attention context, input of the output projection
 * @param output    [B, T, H]        output projection (before the residual add)
 * @param valid     [B, T]           1 for real tokens, 0 for padding (float32)
 */
public record AttentionTrace(NDArray input, NDArray q, NDArray k, NDArray v, NDArray qPos, NDArray kPos,
                             NDArray rotaryCos, NDArray rotarySin, double scale, NDArray scoreBias, NDArray probs,
                             NDArray context, NDArray output, NDArray valid) {

    /** True when the model rotates q and k (then {@link #rotaryCos()} and {@link #rotarySin()} are set). */
    public boolean rotary() {
        return rotaryCos != null;
    }
}
