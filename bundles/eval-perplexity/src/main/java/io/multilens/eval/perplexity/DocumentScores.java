package io.multilens.eval.perplexity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every document's NLL under every condition, with its predicted tokens and the bytes they stand for: what
 * all of eval.perplexity's results are computed from, written as {@code documents.json} so that
 * shards run on other hosts (one language each) merge to exactly the results of one run.
 */
record DocumentScores(Map<String, Language> languages, List<String> warnings, String loadedDtype) {

    /** One language: per document, predicted tokens and bytes; per condition name, the documents' NLLs. */
    record Language(long[] tokens, long[] bytes, Map<String, double[]> nll) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    void write(Path file) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", "multilens.perplexity-documents/1");
        out.put("loaded_dtype", loadedDtype);
        out.put("warnings", warnings);
        out.put("languages", languages);
        JSON.writeValue(file.toFile(), out);
    }

    static DocumentScores read(Path file) throws IOException {
        var root = JSON.readTree(file.toFile());
        Map<String, Language> languages = new LinkedHashMap<>();
        root.get("languages").fields().forEachRemaining(e -> {
            var l = e.getValue();
            Map<String, double[]> nll = new LinkedHashMap<>();
            l.get("nll").fields().forEachRemaining(c -> nll.put(c.getKey(), JSON.convertValue(c.getValue(), double[].class)));
            languages.put(e.getKey(), new Language(JSON.convertValue(l.get("tokens"), long[].class),
                    JSON.convertValue(l.get("bytes"), long[].class), nll));
        });
        List<String> warnings = new ArrayList<>();
        root.get("warnings").forEach(w -> warnings.add(w.asText()));
        return new DocumentScores(languages, warnings, root.get("loaded_dtype").asText());
    }
}
