package io.multilens.eval.tasks.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * XL-Sum's {@code <language>_<split>.jsonl}: one BBC article per line,
 * {@code {"id", "url", "title", "summary", "text"}}. Items offer {@code {title}}, {@code {text}},
 * {@code {url}} and the gold {@code {summary}}; {@code url} and {@code title} may be missing.
 */
public final class XlsumLoader {

    private XlsumLoader() {
    }

    public static List<Example> read(Path file) {
        List<Example> out = new ArrayList<>();
        for (JsonLines.Line line : JsonLines.read(file, "data")) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("title", line.optionalText("title"));
            fields.put("text", line.text("text"));
            fields.put("url", line.optionalText("url"));
            fields.put("summary", line.text("summary"));
            out.add(new Example(line.text("id"), fields, line.where()));
        }
        return out;
    }
}
