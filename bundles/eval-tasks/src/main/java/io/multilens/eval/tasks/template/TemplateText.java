package io.multilens.eval.tasks.template;

import io.multilens.api.status.StepFailure;
import io.multilens.eval.tasks.data.Example;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One template string with {@code {field}} placeholders, compiled once. {@code {{} and
 * {@code }}} write literal braces. Rendering is a single pass, so braces inside an item's own
 * text are never read as placeholders.
 *
 * @param place where the string was written, for messages: {@code FILE: languages.zh.prompt}
 */
public record TemplateText(String text, String place, List<Part> parts) {

    /** A literal piece of text, or a field to fill in. */
    public record Part(String literal, String field) {
    }

    public TemplateText {
        parts = List.copyOf(parts);
    }

    public static TemplateText compile(String text, String place) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < text.length() && text.charAt(i + 1) == c) {
                literal.append(c);
                i += 2;
            } else if (c == '{') {
                int end = text.indexOf('}', i);
                String name = end < 0 ? "" : text.substring(i + 1, end);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new StepFailure(place + ": '{' at character " + (i + 1) + " does not start a field such as"
                            + " {question}; write {{ for a literal brace");
                }
                if (literal.length() > 0) {
                    parts.add(new Part(literal.toString(), null));
                    literal.setLength(0);
                }
                parts.add(new Part(null, name));
                i = end + 1;
            } else if (c == '}') {
                throw new StepFailure(place + ": '}' at character " + (i + 1) + " closes no field; write }} for a literal brace");
            } else {
                literal.append(c);
                i++;
            }
        }
        if (literal.length() > 0) {
            parts.add(new Part(literal.toString(), null));
        }
        return new TemplateText(text, place, parts);
    }

    /** The fields the text names, in order of first use. */
    public Set<String> fields() {
        Set<String> out = new LinkedHashSet<>();
        parts.stream().filter(p -> p.field() != null).forEach(p -> out.add(p.field()));
        return Collections.unmodifiableSet(out);
    }

    public String render(Example item) {
        StringBuilder s = new StringBuilder();
        for (Part p : parts) {
            if (p.field() == null) {
                s.append(p.literal());
            } else {
                String value = item.fields().get(p.field());
                if (value == null) {
                    throw new StepFailure(place + " names {" + p.field() + "}, which item '" + item.id() + "' ("
                            + item.where() + ") does not have; its fields are " + item.fields().keySet());
                }
                s.append(value);
            }
        }
        return s.toString();
    }
}
