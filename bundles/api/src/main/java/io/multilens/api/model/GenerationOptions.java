package io.multilens.api.model;

import java.util.List;

/**
 * Greedy decoding limits.
 *
 * @param stopStrings generation stops once the decoded continuation contains one of them (the
 *                    stop string itself is cut from the result)
 * @param useCache    keys and values of earlier positions are kept (false: every step recomputes
 *                    the whole sequence, the reference the cache is tested against)
 */
public record GenerationOptions(int maxNewTokens, List<String> stopStrings, boolean stopAtEos, boolean useCache) {

    /** With the KV cache. */
    public GenerationOptions(int maxNewTokens, List<String> stopStrings, boolean stopAtEos) {
        this(maxNewTokens, stopStrings, stopAtEos, true);
    }

    /** The same limits, with or without the KV cache. */
    public GenerationOptions withCache(boolean cache) {
        return new GenerationOptions(maxNewTokens, stopStrings, stopAtEos, cache);
    }

    public GenerationOptions {
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens must be >= 0");
        }
        stopStrings = List.copyOf(stopStrings);
    }
}
