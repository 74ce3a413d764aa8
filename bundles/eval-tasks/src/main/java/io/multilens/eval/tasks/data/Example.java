package io.multilens.eval.tasks.data;

import io.multilens.api.status.StepFailure;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One data item as prompt templates see it: an id and named text fields ({@code {question}} in a
 * template is {@code fields.get("question")}).
 *
 * @param where the item's place for messages: {@code file:line} or {@code file: id '...'}
 */
public record Example(String id, Map<String, String> fields, String where) {

    public Example {
        Objects.requireNonNull(id, "id");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public String field(String name) {
        String v = fields.get(name);
        if (v == null) {
            throw new StepFailure(where + ": item has no field '" + name + "' (it has " + fields.keySet() + ")");
        }
        return v;
    }
}
