package io.multilens.layers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code layers.json} ({@code multilens.layers/1}) and {@code layers.csv}. Layer 0 is the
 * embeddings, layer ℓ the output of block ℓ - 1; a similarity is null without parallel corpora.
 */
final class LayersOutput {

    static final String FORMAT = "multilens.layers/1";

    private LayersOutput() {
    }

    /** How the lens decoded: {@code final-norm} or {@code no-norm}, and the tokens classified per position. */
    record Lens(String mode, int classifyTop) {
    }

    static void write(Path dir, String reference, String classifier, Lens lens, List<String> languages,
                      Map<String, LanguageLayers> results, Map<String, Object> provenance) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("reference_language", reference);
        root.put("classifier", classifier);
        root.put("lens", lens.mode());
        root.put("classify_top", lens.classifyTop());
        Map<String, Object> byLanguage = new LinkedHashMap<>();
        io.multilens.api.data.CsvTable csv = new io.multilens.api.data.CsvTable(List.of("language", "layer", "decoded_reference",
                "decoded_own", "decoded_other", "decoded_none", "mass_reference", "mass_own", "similarity_parallel",
                "similarity_mismatched"));
        for (String lang : languages) {
            LanguageLayers t = results.get(lang);
            List<Object> layers = new ArrayList<>();
            for (int d = 0; d < t.depths; d++) {
                Map<String, Object> layer = new LinkedHashMap<>();
                layer.put("layer", d);
                Map<String, Object> decoded = new LinkedHashMap<>();
                for (LensClass c : LensClass.values()) {
                    decoded.put(c.key(), t.share(d, c));
                }
                layer.put("decoded", decoded);
                layer.put("mass", new java.util.TreeMap<>(Map.of("reference", t.meanMassReference(d), "own", t.meanMassOwn(d))));
                Map<String, Object> similarity = new LinkedHashMap<>();
                similarity.put("parallel", finite(t.meanParallel(d)));
                similarity.put("mismatched", finite(t.meanMismatched(d)));
                layer.put("similarity", similarity);
                layers.add(layer);
                csv.row(List.of(lang, d, fixed(t.share(d, LensClass.REFERENCE)), fixed(t.share(d, LensClass.OWN)),
                        fixed(t.share(d, LensClass.OTHER)), fixed(t.share(d, LensClass.NONE)), fixed(t.meanMassReference(d)),
                        fixed(t.meanMassOwn(d)), fixed(t.meanParallel(d)), fixed(t.meanMismatched(d))));
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("documents", t.documents);
            entry.put("tokens", t.tokens);
            entry.put("layers", layers);
            byLanguage.put(lang, entry);
        }
        root.put("languages", byLanguage);
        root.put("provenance", provenance);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("layers.json").toFile(), root);
        csv.write(dir.resolve("layers.csv"));
    }

    private static Object fixed(double v) {
        return io.multilens.api.data.CsvTable.fixed(v, 6);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
