package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import io.multilens.api.model.ScoreTransform;

/**
 * The part of causal attention every rotary-family decoder shares, one tensor operation per line:
 * keys and values joined to the KV cache, query heads grouped by the key/value head they read,
 * scaled scores, the model's score transform (Gemma-2's soft-capping, or none), the additive mask,
 * the softmax and the context. B batch, T new tokens, S keys (cached + new), nh/nkv query and
 * key/value heads, g = nh/nkv, hd head size.
 *
 * @param probs   [B,nh,T,S] attention probabilities
 * @param context [B,T,nh*hd] input of the output projection
 */
public record GroupedAttention(NDArray probs, NDArray context) {

    /**
     * @param q     [B,nh,T,hd] queries as the scores use them (after norms and rotation)
     * @param k     [B,nkv,T,hd] keys likewise
     * @param v     [B,nkv,T,hd] values
     * @param cache null for a pass without one
     * @param bias  [B,1,T,S] the additive mask
     */
    public static GroupedAttention of(int layer, NDArray q, NDArray k, NDArray v, KvCache cache, float scale,
                                      ScoreTransform transform, NDArray bias) {
        long b = q.getShape().get(0);
        long nh = q.getShape().get(1);
        long t = q.getShape().get(2);
        long hd = q.getShape().get(3);
        long nkv = k.getShape().get(1);
        long g = nh / nkv;
        NDArray kT = k.transpose(0, 1, 3, 2);                           // [B,nkv,hd,T]
        NDArray keysT = cache == null ? kT : cache.appendKeys(layer, kT); // [B,nkv,hd,S]
        NDArray values = cache == null ? v : cache.appendValues(layer, v); // [B,nkv,S,hd]
        long s = keysT.getShape().get(3);
        NDArray qg = q.reshape(b, nkv, g * t, hd);                      // [B,nkv,g*T,hd] query heads grouped by kv head
        NDArray scores = qg.matMul(keysT);                              // [B,nkv,g*T,S]
        NDArray perHead = scores.reshape(b, nh, t, s);                  // [B,nh,T,S]
        NDArray scaled = perHead.mul(scale);                            // [B,nh,T,S]
        NDArray transformed = transform.apply(scaled);                  // [B,nh,T,S]
        NDArray masked = transformed.add(bias);                         // [B,nh,T,S]
        NDArray probs = masked.softmax(3);                              // [B,nh,T,S]
        NDArray probsG = probs.reshape(b, nkv, g * t, s);               // [B,nkv,g*T,S]
        NDArray ctxG = probsG.matMul(values);                           // [B,nkv,g*T,hd]
        NDArray ctxH = ctxG.reshape(b, nh, t, hd);                      // [B,nh,T,hd]
        NDArray ctxT = ctxH.transpose(0, 2, 1, 3);                      // [B,T,nh,hd]
        NDArray context = ctxT.reshape(b, t, nh * hd);                  // [B,T,nh*hd]
        return new GroupedAttention(probs, context);
    }

    /** [B,T,n*hd] -> [B,n,T,hd]: a projection's output split into heads. */
    public static NDArray heads(NDArray x, int n, int hd) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        NDArray split = x.reshape(b, t, n, hd);                        // [B,T,n,hd]
        return split.transpose(0, 2, 1, 3);                            // [B,n,T,hd]
    }
}
