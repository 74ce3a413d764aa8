package io.multilens.layers;

import io.multilens.api.data.LineCorpus;
import io.multilens.api.status.StepFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code parallel: true} assumes of the corpora, checked: document n of every language is
 * the same sentence. Documents are non-blank lines, so one blank line in one file shifts every
 * later pair without changing any count; such a file is refused. Files that pair up by count
 * but not by content (a shuffled file, another text) are caught, as well as lengths can catch
 * them, by how little the sentence lengths agree with the reference's.
 */
final class ParallelCorpora {

    /**
     * Below this Pearson correlation of character lengths with the reference, pairs are unlikely
     * to be translations: translated sentences keep their relative lengths (PUD sentences 900-999
     * against English: 0.83 for zh to 0.96 for es); Swahili's non-parallel corpus gives 0.10 and a
     * shuffled French file 0.01.
     */
    static final double MIN_LENGTH_CORRELATION = 0.5;

    private ParallelCorpora() {
    }

    /** Refuses a file with a blank line before its last document used: it would shift the pairs after it. */
    static void requireNoBlankLines(Path file, int documents) {
        int seen = 0;
        int line = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String text; seen < documents && (text = in.readLine()) != null; ) {
                line++;
                if (text.isBlank()) {
                    throw new StepFailure(file + ":" + line + ": a blank line, so every later document pairs with the"
                            + " wrong sentence of the other languages under parallel: true; remove it (or set parallel: false)");
                }
                seen++;
            }
        } catch (IOException e) {
            throw new StepFailure(file + ": cannot read corpus (" + e.getMessage() + ")");
        }
    }

    /** A warning when a language's sentence lengths barely follow the reference's. */
    static Optional<String> lengthWarning(Path file, String language, List<String> texts, List<String> reference) {
        double r = lengthCorrelation(texts, reference);
        if (Double.isNaN(r) || r >= MIN_LENGTH_CORRELATION) {
            return Optional.empty();
        }
        return Optional.of(String.format("%s: the sentence lengths of '%s' correlate %.2f with the reference's (translations"
                + " usually > %.1f); the corpora may not be parallel, and parallel: true pairs them line by line", file,
                language, r, MIN_LENGTH_CORRELATION));
    }

    /** Pearson correlation of the documents' lengths in code points, pair by pair. */
    static double lengthCorrelation(List<String> a, List<String> b) {
        int n = Math.min(a.size(), b.size());
        if (n < 3) {
            return Double.NaN;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = a.get(i).codePointCount(0, a.get(i).length());
            y[i] = b.get(i).codePointCount(0, b.get(i).length());
        }
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    /** The two checks over every language: blank lines refused, unaligned lengths warned about. */
    static void check(Path pattern, Map<String, List<String>> texts, String reference, int skip, List<String> warnings) {
        List<String> ref = texts.get(reference);
        for (Map.Entry<String, List<String>> e : texts.entrySet()) {
            Path file = LineCorpus.file(pattern, e.getKey());
            requireNoBlankLines(file, skip + e.getValue().size());
            if (!e.getKey().equals(reference)) {
                lengthWarning(file, e.getKey(), e.getValue(), ref).ifPresent(warnings::add);
            }
        }
    }
}
