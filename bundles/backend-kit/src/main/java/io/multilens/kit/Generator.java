package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.ModelConfig;
import java.util.Arrays;

/**
 * Greedy decoding of a batch of prompts. Prompts are left-padded so every row's next token goes
 * into the same column; positions count from each row's first real token and padding keys are
 * masked, so a row's tokens are those it would get alone. With the KV cache each step feeds only
 * the new tokens; without it each step recomputes the whole sequence (the reference the cache is
 * checked against).
 */
public final class Generator {

    /** Decides, after each new token, whether a row's continuation is complete. */
    @FunctionalInterface
    public interface StopRule {
        boolean stop(int row, int[] continuation);

        StopRule NEVER = (row, continuation) -> false;
    }

    private final ForwardPass decoder;
    private final ModelConfig config;

    public Generator(ForwardPass decoder, ModelConfig config) {
        this.decoder = decoder;
        this.config = config;
    }

    /**
     * @param eos the end-of-sequence ids a row stops at (empty: none); the EOS token is not part of the result
     * @return each row's continuation (at most maxNewTokens ids)
     */
    public int[][] run(NDManager call, int[][] prompts, int maxNewTokens, java.util.Set<Integer> eos, NeuronMasks masks, boolean useCache,
                StopRule rule) {
        int b = prompts.length;
        int[][] out = new int[b][maxNewTokens];
        int[] count = new int[b];
        boolean[] done = new boolean[b];
        int[][] sequences = Arrays.stream(prompts).map(int[]::clone).toArray(int[][]::new);
        KvCache cache = useCache ? new KvCache(call, config.numLayers()) : null;
        TokenBatch input = TokenBatch.leftPadded(prompts, config.vocabSize());
        for (int step = 0; step < maxNewTokens && !allTrue(done); step++) {
            long[] next = nextTokens(call, input, cache, masks);
            for (int r = 0; r < b; r++) {
                if (done[r]) {
                    continue;
                }
                if (eos.contains((int) next[r])) {
                    done[r] = true;
                } else {
                    out[r][count[r]++] = (int) next[r];
                    done[r] = rule.stop(r, Arrays.copyOf(out[r], count[r]));
                }
            }
            // finished rows keep being fed (their tokens are ignored) so the batch stays rectangular
            append(sequences, next);
            input = useCache
                    ? TokenBatch.nextTokens(next, lastPositions(sequences))
                    : TokenBatch.leftPadded(sequences, config.vocabSize());
        }
        int[][] result = new int[b][];
        for (int r = 0; r < b; r++) {
            result[r] = Arrays.copyOf(out[r], count[r]);
        }
        return result;
    }

    /** One step: the argmax of each row's logits at the last column. */
    private long[] nextTokens(NDManager call, TokenBatch input, KvCache cache, NeuronMasks masks) {
        try (NDManager step = call.newSubManager()) {
            NDArray x = decoder.forward(step, input, cache, masks, null);   // [B,T,H]
            NDArray last = x.get(":, -1, :");                               // [B,H]
            NDArray logits = decoder.logits(step, last);                          // [B,V]
            return logits.argMax(1).toLongArray();
        }
    }

    private static void append(int[][] sequences, long[] next) {
        for (int r = 0; r < sequences.length; r++) {
            sequences[r] = Arrays.copyOf(sequences[r], sequences[r].length + 1);
            sequences[r][sequences[r].length - 1] = (int) next[r];
        }
    }

    /** The position of each row's newest token (its index in the unpadded row). */
    private static int[] lastPositions(int[][] sequences) {
        return Arrays.stream(sequences).mapToInt(s -> s.length - 1).toArray();
    }

    private static boolean allTrue(boolean[] flags) {
        for (boolean f : flags) {
            if (!f) {
                return false;
            }
        }
        return true;
    }
}
