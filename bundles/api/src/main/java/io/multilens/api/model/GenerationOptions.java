package io.multilens.api.model;

import java.util.List;

/**
 * Greedy decoding limits.
 *
 * @param stopStrings generation stops once the decoded continuation contains one of them (the
 *                    stop string itself is cut from the result)
 */
public record GenerationOptions(int maxNewTokens, List<String> stopStrings, boolean stopAtEos) {

    public GenerationOptions {
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens must be >= 0");
        }
        stopStrings = List.copyOf(stopStrings);
    }
}
