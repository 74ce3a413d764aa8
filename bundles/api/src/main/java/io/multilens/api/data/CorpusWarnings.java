package io.multilens.api.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a step must say when the text it got is not the text it was asked for: fewer documents
 * than {@code max_documents} after {@code skip_documents}, or documents longer than the model's
 * {@code max_position_embeddings}. Steps print these and keep them with their results.
 */
public final class CorpusWarnings {

    private CorpusWarnings() {
    }

    public static Optional<String> shortfall(Path file, int got, int skip, int max) {
        if (max > 0 && got < max) {
            return Optional.of(file + ": " + got + " documents after skipping " + skip + ", fewer than the " + max
                    + " asked for; results use " + got);
        }
        return Optional.empty();
    }

    public static Optional<String> overLength(String language, List<int[]> docs, int maxPositions) {
        long over = docs.stream().filter(d -> d.length > maxPositions).count();
        if (maxPositions > 0 && over > 0) {
            return Optional.of(language + ": " + over + " of " + docs.size() + " documents are longer than the model's"
                    + " max_position_embeddings (" + maxPositions + "); their later tokens lie where it was not trained"
                    + " (lower max_tokens)");
        }
        return Optional.empty();
    }
}
