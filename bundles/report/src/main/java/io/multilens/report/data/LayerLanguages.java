package io.multilens.report.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code layers} step's {@code layers.json} ({@code multilens.layers/1}): per language and
 * depth (0 = embeddings, ℓ = after block ℓ - 1) the decoded-language shares and the similarities.
 */
public record LayerLanguages(String reference, String classifier, Map<String, List<Depth>> languages, String lens,
                             int classifyTop) {

    public static final String FORMAT = "multilens.layers/1";
    /** The decoded classes in stacking order. */
    public static final List<String> CLASSES = List.of("reference", "own", "other", "none");

    /** @param parallel NaN when the run had no parallel corpora */
    public record Depth(int layer, double[] shares, double massReference, double massOwn, double parallel,
                        double mismatched) {
    }

    public static boolean is(JsonNode json) {
        return FORMAT.equals(json.path("format").asText());
    }

    public static LayerLanguages from(JsonNode json) {
        Map<String, List<Depth>> out = new LinkedHashMap<>();
        json.path("languages").fields().forEachRemaining(e -> {
            List<Depth> depths = new ArrayList<>();
            for (JsonNode l : e.getValue().path("layers")) {
                double[] shares = new double[CLASSES.size()];
                for (int c = 0; c < shares.length; c++) {
                    shares[c] = l.path("decoded").path(CLASSES.get(c)).asDouble();
                }
                JsonNode s = l.path("similarity");
                depths.add(new Depth(l.path("layer").asInt(), shares, l.path("mass").path("reference").asDouble(),
                        l.path("mass").path("own").asDouble(), s.path("parallel").isNumber() ? s.path("parallel").asDouble() : Double.NaN,
                        s.path("mismatched").isNumber() ? s.path("mismatched").asDouble() : Double.NaN));
            }
            out.put(e.getKey(), depths);
        });
        // files of earlier versions: the lens went through the final norm and classified the top-1 token
        return new LayerLanguages(json.path("reference_language").asText("en"), json.path("classifier").asText(""), out,
                json.path("lens").asText("final-norm"), json.path("classify_top").asInt(1));
    }

    /** Blocks of the model (depths minus the embeddings). */
    public int blocks() {
        return languages.values().stream().mapToInt(List::size).max().orElse(1) - 1;
    }
}
