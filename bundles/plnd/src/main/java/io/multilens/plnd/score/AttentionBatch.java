package io.multilens.plnd.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.AttentionTrace;
import io.multilens.api.model.HeadTransform;
import io.multilens.api.model.ScoreTransform;

/**
 * One layer's attention trace copied into a scope, with the pieces several scores share:
 * head geometry, the model's own score transform and additive score bias (causal, padding,
 * sliding window, ALiBi — whatever the backend put in the trace), the unablated probabilities
 * recomputed from the transformed queries and keys, and the valid-token masks. Recomputing the probabilities
 * with the same operations as the ablated ones makes their difference exact up to rounding of
 * the change alone, instead of also carrying the backend's own rounding.
 */
final class AttentionBatch {

    final NDManager scope;
    final int batch;
    final int tokens;
    final int heads;
    final int kvHeads;
    final int headDim;
    /** Query heads per key/value head. */
    final int group;
    final double scale;
    private final AttentionTrace trace;
    private NDArray valid;
    private Boolean padded;
    private NDArray queriesPos;
    private NDArray keysPosByHead;
    private NDArray validContext;
    private NDArray scaledScores;
    private NDArray bias;
    private NDArray maskedScores;
    private NDArray probs;
    private NDArray queryValid;
    private NDArray tokenValid;
    private RowScores rowScores;
    /** Whether q/k changes go through {@link VectorKernel} where the factors allow. */
    final boolean vectorized;

    private final KernelScratch scratch;

    /** {@code scratch}: the vector kernel's reused arrays (the scorer's), or null for a fresh set. */
    AttentionBatch(NDManager scope, AttentionTrace trace, QkKernel kernel, KernelScratch scratch) {
        this.scope = scope;
        this.trace = trace;
        // on a GPU the scores stay there: copying them to the CPU would cost more than the sweep
        this.vectorized = kernel.vectorized() && trace.q().getDevice().getDeviceType().equals(ai.djl.Device.Type.CPU);
        this.scratch = scratch == null ? new KernelScratch() : scratch;
        long[] q = trace.q().getShape().getShape();
        batch = Math.toIntExact(q[0]);
        heads = Math.toIntExact(q[1]);
        tokens = Math.toIntExact(q[2]);
        headDim = Math.toIntExact(q[3]);
        kvHeads = Math.toIntExact(trace.k().getShape().get(1));
        group = heads / kvHeads;
        scale = trace.scale();
    }

    NDArray copy(NDArray traced) {
        return Scoped.copy(scope, traced);
    }

    /** Queries after the model's query transform, [B, nh, T, hd]. */
    NDArray queriesPos() {
        if (queriesPos == null) {
            queriesPos = copy(trace.qPos());                 // [B, nh, T, hd]
        }
        return queriesPos;
    }

    /** True when some document of the batch is shorter than the longest (its rows must be masked). */
    boolean hasPadding() {
        if (padded == null) {
            try (NDArray smallest = valid().min()) {
                padded = smallest.getFloat() < 0.5f;
            }
        }
        return padded;
    }

    /** 1 for real tokens, 0 for padding, [B, T]. */
    private NDArray valid() {
        if (valid == null) {
            valid = copy(trace.valid());                      // [B, T]
        }
        return valid;
    }

    /** Keys after the model's key transform, repeated to query heads (head h reads key/value head h / group), [B, nh, T, hd]. */
    NDArray keysPosByHead() {
        if (keysPosByHead == null) {
            NDArray k = copy(trace.kPos());                   // [B, nkv, T, hd]
            keysPosByHead = k.repeat(1, group);              // [B, nh, T, hd]
        }
        return keysPosByHead;
    }

    /** Scaled attention scores before the model's score transform and bias, [B, nh, T, T]. */
    NDArray scaledScores() {
        if (scaledScores == null) {
            NDArray keysT = keysPosByHead().transpose(0, 1, 3, 2); // [B, nh, hd, T]
            NDArray raw = queriesPos().matMul(keysT);             // [B, nh, T, T]
            scaledScores = raw.mul(scale);                         // [B, nh, T, T]
        }
        return scaledScores;
    }

    /** What the model adds to the transformed scores (masks, ALiBi), [B, 1 or nh, T, T]. */
    NDArray bias() {
        if (bias == null) {
            bias = copy(trace.scoreBias());                        // [B, 1 or nh, T, T]
        }
        return bias;
    }

    /** The model's query path; a trace without one has none (queries enter the scores as projected). */
    HeadTransform queryTransform() {
        return trace.queryTransform() == null ? HeadTransform.NONE : trace.queryTransform();
    }

    /** The model's key path, likewise. */
    HeadTransform keyTransform() {
        return trace.keyTransform() == null ? HeadTransform.NONE : trace.keyTransform();
    }

    ScoreTransform scoreTransform() {
        return trace.scoreTransform() == null ? ScoreTransform.NONE : trace.scoreTransform();
    }

    /** Transformed, biased attention scores as the model computes them, [B, nh, T, T]. */
    NDArray maskedScores() {
        if (maskedScores == null) {
            NDArray transformed = scoreTransform().apply(scaledScores()); // [B, nh, T, T]
            maskedScores = transformed.add(bias());                // [B, nh, T, T]
        }
        return maskedScores;
    }

    /** Unablated attention probabilities, [B, nh, T, T]. */
    NDArray probs() {
        if (probs == null) {
            probs = maskedScores().softmax(-1);               // [B, nh, T, T]
        }
        return probs;
    }

    /** 1 for real query rows, broadcastable over [B, nh, D, T, T]: [B, 1, 1, T, 1]. */
    NDArray queryValid() {
        if (queryValid == null) {
            queryValid = valid().reshape(batch, 1, 1, tokens, 1); // [B, 1, 1, T, 1]
        }
        return queryValid;
    }

    /** 1 for real tokens, broadcastable over [B, T, n]: [B, T, 1]. */
    NDArray tokenValid() {
        if (tokenValid == null) {
            tokenValid = valid().reshape(batch, tokens, 1);   // [B, T, 1]
        }
        return tokenValid;
    }

    /** The attention context with padding rows zeroed, [B, T, nh*hd]. */
    NDArray validContext() {
        if (validContext == null) {
            NDArray context = copy(trace.context());          // [B, T, nh*hd]
            validContext = context.mul(tokenValid());         // [B, T, nh*hd]
        }
        return validContext;
    }

    /** The unablated rows as arrays for the vector kernel, made once per layer. */
    RowScores rowScores() {
        if (rowScores == null) {
            rowScores = new RowScores(this, scratch);
        }
        return rowScores;
    }

    KernelScratch scratch() {
        return scratch;
    }

    AttentionTrace trace() {
        return trace;
    }
}
