package io.multilens.report.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronSet;
import java.util.ArrayList;
import java.util.List;

/** Jaccard overlap |A ∩ B| / |A ∪ B| between languages' neuron sets; 1 on the diagonal. */
public record Overlap(List<String> languages, double[][] jaccard) {

    public Overlap {
        languages = List.copyOf(languages);
    }

    /**
     * From a PLND {@code stats.json}'s {@code jaccard.<a>.<b>}. PLND leaves out the diagonal (a
     * set overlaps itself fully); a pair given one way only is symmetric. An absent pair is NaN.
     */
    public static Overlap fromStats(JsonNode stats, List<String> languages) {
        JsonNode j = stats.path("jaccard");
        if (!j.isObject() || j.isEmpty()) {
            throw new IllegalArgumentException("no \"jaccard\" object");
        }
        int n = languages.size();
        double[][] m = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                String la = languages.get(a);
                String lb = languages.get(b);
                JsonNode v = j.path(la).path(lb);
                if (!v.isNumber()) {
                    v = j.path(lb).path(la);
                }
                m[a][b] = a == b ? 1.0 : v.isNumber() ? v.asDouble() : Double.NaN;
            }
        }
        return new Overlap(languages, m);
    }

    /** Computed from a neuron file, for detectors that write no statistics. */
    public static Overlap fromNeurons(LanguageNeurons neurons) {
        List<String> languages = new ArrayList<>(neurons.byLanguage().keySet());
        int n = languages.size();
        double[][] m = new double[n][n];
        for (int a = 0; a < n; a++) {
            NeuronSet sa = neurons.byLanguage().get(languages.get(a));
            for (int b = 0; b < n; b++) {
                NeuronSet sb = neurons.byLanguage().get(languages.get(b));
                long union = sa.union(sb).size();
                m[a][b] = a == b ? 1.0 : union == 0 ? 0.0 : (double) sa.intersect(sb).size() / union;
            }
        }
        return new Overlap(languages, m);
    }
}
