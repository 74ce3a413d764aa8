package io.multilens.api.model;

import ai.djl.ndarray.NDArray;

/**
 * One layer's attention activations for a batch of B documents of T tokens (right-padded), and
 * everything an analysis needs to recompute the layer's attention probabilities exactly as the
 * model does, whatever the architecture:
 * {@code probs = softmax(scoreTransform(scale * qPos kPos^T) + scoreBias)} with
 * {@code qPos = queryTransform(q)} and {@code kPos = keyTransform(k)}.
 * H is the hidden size, nh/nkv the query/key-value head counts, hd the head dimension. Arrays
 * belong to the forward pass's manager: copy what must outlive the callback.
 *
 * <p>Neuron q (h, d) is dimension d of {@code q}'s head h, the projection's output before any
 * norm or position transform; likewise k and v. What the model does between the projection and
 * the score product (norms, rotary embeddings) is {@link #queryTransform} / {@link #keyTransform},
 * so an analysis zeroes a dimension of {@code q} and applies the transform to see its exact effect.
 *
 * @param input          [B, T, H]        the attention block's input after its norm
 * @param q              [B, nh, T, hd]   queries as projected (after bias), before the transform
 * @param k              [B, nkv, T, hd]  keys as projected, before the transform
 * @param v              [B, nkv, T, hd]  values
 * @param qPos           [B, nh, T, hd]   queryTransform(q): the queries the scores use
 * @param kPos           [B, nkv, T, hd]  keyTransform(k)
 * @param queryTransform the model's path from q to qPos
 * @param keyTransform   the model's path from k to kPos
 * @param scale          the factor of q·k in the scores (1/sqrt(hd), or Gemma's query_pre_attn_scalar^-0.5)
 * @param scoreTransform what the model does to the scaled scores before the bias (Gemma-2's soft-capping)
 * @param scoreBias      [B, 1 or nh, T, T] what the model adds to the transformed scores before softmax:
 *                       the causal, padding and sliding-window masks (a large negative number where
 *                       a key is hidden) and position biases such as ALiBi
 * @param probs          [B, nh, T, T]    attention probabilities after softmax
 * @param context        [B, T, nh*hd]    attention context, input of the output projection
 * @param output         [B, T, H]        output projection (before the residual add and any post-norm)
 * @param valid          [B, T]           1 for real tokens, 0 for padding (float32)
 */
public record AttentionTrace(NDArray input, NDArray q, NDArray k, NDArray v, NDArray qPos, NDArray kPos,
                             HeadTransform queryTransform, HeadTransform keyTransform, double scale,
                             ScoreTransform scoreTransform, NDArray scoreBias, NDArray probs,
                             NDArray context, NDArray output, NDArray valid) {
}
