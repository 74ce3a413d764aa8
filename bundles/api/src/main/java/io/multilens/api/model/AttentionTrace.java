package io.multilens.api.model;

import ai.djl.ndarray.NDArray;

/**
 * One layer's attention activations for a batch of B documents of T tokens (right-padded). H is
 * the hidden size, nh/nkv the query/key-value head counts, hd the head dimension. Arrays belong
 * to the forward pass's manager: copy what must outlive the callback.
 *
 * @param input   [B, T, H]        the attention block's input after the RMS norm
 * @param q       [B, nh, T, hd]   queries before RoPE (after bias)
 * @param k       [B, nkv, T, hd]  keys before RoPE (after bias)
 * @param v       [B, nkv, T, hd]  values
 * @param qRope   [B, nh, T, hd]   queries after RoPE
 * @param kRope   [B, nkv, T, hd]  keys after RoPE
 * @param cos     [T, hd]          RoPE cosines (rotate-half layout)
 * @param sin     [T, hd]          RoPE sines
 * @param probs   [B, nh, T, T]    attention probabilities after causal/padding mask and softmax
 * @param context [B, T, nh*hd]    attention context, input of o_proj
 * @param output  [B, T, H]        o_proj output (before the residual add)
 * @param valid   [B, T]           1 for real tokens, 0 for padding (float32)
 */
public record AttentionTrace(NDArray input, NDArray q, NDArray k, NDArray v, NDArray qRope, NDArray kRope,
                             NDArray cos, NDArray sin, NDArray probs, NDArray context, NDArray output,
                             NDArray valid) {
}
