package io.multilens.eval.tasks.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MGSM's eight chain-of-thought exemplars per language ({@code mgsm_exemplars.json}, from the
 * benchmark's {@code exemplars.py}): {@code {exemplars: {lang: {"1".."8": {q, a}}},
 * exemplar_number_answers, exemplar_equation_solutions}}.
 *
 * <p>Each {@code q} starts with the language's question label ({@code Question: },
 * {@code 问题：}) and each {@code a} with its answer label ({@code Step-by-Step Answer: }). The
 * labels are cut off, so that exemplars and test questions have the same fields and the template
 * decides how both are labelled: {@code {question}}, {@code {reasoning}} (the native
 * chain of thought), {@code {answer}} (the number) and {@code {equation}}.
 */
public final class MgsmExemplars {

    /** A label: up to 40 characters without a colon, then an ASCII or full-width colon. */
    private static final Pattern LABEL = Pattern.compile("^[^:：\\n]{1,40}[:：]\\s*");

    private MgsmExemplars() {
    }

    public static List<Example> read(Path file, String lang) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(DataFile.text(file, "exemplars"));
        } catch (JsonProcessingException e) {
            throw new StepFailure(file + ": not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ")");
        }
        JsonNode byLang = root.path("exemplars");
        if (!byLang.isObject()) {
            throw new StepFailure(file + ": no 'exemplars' map of languages");
        }
        JsonNode own = byLang.get(lang);
        if (own == null || !own.isObject()) {
            List<String> have = new ArrayList<>();
            byLang.fieldNames().forEachRemaining(have::add);
            throw new StepFailure(file + ": no exemplars for language '" + lang + "' (it has " + have + ")");
        }
        JsonNode numbers = root.path("exemplar_number_answers");
        JsonNode equations = root.path("exemplar_equation_solutions");
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = own.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.matches("[1-9][0-9]*")) {
                throw new StepFailure(file + ": exemplars." + lang + "." + k + ": exemplar keys are numbers \"1\", \"2\", …");
            }
            keys.add(k);
        }
        keys.sort(Comparator.comparingInt(Integer::parseInt));
        List<Example> out = new ArrayList<>();
        for (String k : keys) {
            String path = "exemplars." + lang + "." + k;
            int index = Integer.parseInt(k) - 1;
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("question", unlabelled(file, path + ".q", own.get(k).path("q")));
            fields.put("reasoning", unlabelled(file, path + ".a", own.get(k).path("a")));
            fields.put("answer", indexed(file, "exemplar_number_answers", numbers, index));
            fields.put("equation", indexed(file, "exemplar_equation_solutions", equations, index));
            out.add(new Example("exemplar-" + k, fields, file + ": " + path));
        }
        return out;
    }

    private static String unlabelled(Path file, String path, JsonNode node) {
        if (!node.isTextual()) {
            throw new StepFailure(file + ": " + path + " is missing or not text");
        }
        Matcher m = LABEL.matcher(node.asText());
        if (!m.find()) {
            throw new StepFailure(file + ": " + path + " does not start with a label such as 'Question: '; MGSM exemplars"
                    + " are labelled in their language");
        }
        return node.asText().substring(m.end()).strip();
    }

    private static String indexed(Path file, String name, JsonNode array, int index) {
        if (!array.isArray() || index >= array.size() || !(array.get(index).isValueNode())) {
            throw new StepFailure(file + ": " + name + "[" + index + "] is missing; the list needs one entry per exemplar");
        }
        return array.get(index).asText();
    }
}
