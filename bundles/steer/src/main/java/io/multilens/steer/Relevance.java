package io.multilens.steer;

import io.multilens.api.data.LineCorpus;
import io.multilens.api.plugin.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Steering's relevance without a judge model: the corpus is parallel (line N of every language is
 * one sentence), so each prompt's sentence has a translation in the target language, and a
 * continuation that stays on the prompt's topic in that language shares its character n-grams:
 * the mean chrF of the continuations against those translations. CLaS-Bench scores a steering
 * method by the harmonic mean of control (the share in the target language) and relevance.
 */
final class Relevance {

    private Relevance() {
    }

    /**
     * The target's lines parallel to the prompts (the same line numbers), or null when there are
     * none to compare with (the option is off, or the file lacks those lines): then a note says why.
     */
    static List<String> references(Options o, Path corpus, String target, int prompts, List<String> notes) {
        if (!o.string("relevance").equals("chrf-parallel")) {
            return null;
        }
        Path file = LineCorpus.file(corpus, target);
        if (!Files.isRegularFile(file)) {
            notes.add("relevance for '" + target + "': no " + file + " to take the prompts' translations from");
            return null;
        }
        List<String> lines = LineCorpus.read(file, o.intValue("prompt_skip_documents"), o.intValue("prompt_max_documents"), null);
        if (lines.size() != prompts) {
            notes.add("relevance for '" + target + "': " + file + " has " + lines.size() + " lines where the prompts are "
                    + prompts + "; the corpus is not parallel there, so no relevance");
            return null;
        }
        return lines;
    }

    /** Mean chrF of the continuations against their references. */
    static double meanChrF(List<String> continuations, List<String> references) {
        double sum = 0;
        for (int p = 0; p < continuations.size(); p++) {
            sum += ChrF.score(continuations.get(p), references.get(p));
        }
        return continuations.isEmpty() ? Double.NaN : sum / continuations.size();
    }

    /** CLaS-Bench's summary: the harmonic mean of control and relevance, 0 when either is. */
    static double harmonicMean(double control, double relevance) {
        return control + relevance == 0 ? 0 : 2 * control * relevance / (control + relevance);
    }

    /** steering.json's relevance fields of one condition. */
    static void put(Map<String, Object> e, double control, List<String> steered, List<String> unsteered, List<String> references) {
        if (references == null) {
            return;
        }
        double relevance = meanChrF(steered, references);
        e.put("relevance_chrf", relevance);
        e.put("relevance_chrf_unsteered", meanChrF(unsteered, references));
        e.put("control_relevance_harmonic_mean", harmonicMean(control, relevance));
    }
}
