package io.multilens.report.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A two-level object of scalars, {@code row.column = value}: an evaluator's {@code specificity}
 * or {@code averages}, a training run's per-language numbers. Shown as a plain table.
 */
public record KeyedTable(List<String> rows, List<String> columns, JsonNode source) {

    /** Empty unless every row is an object whose values are scalars. */
    public static Optional<KeyedTable> from(JsonNode node) {
        if (!node.isObject() || node.isEmpty()) {
            return Optional.empty();
        }
        List<String> rows = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        for (var it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isObject()) {
                return Optional.empty();
            }
            for (var f = e.getValue().fields(); f.hasNext(); ) {
                var c = f.next();
                if (c.getValue().isContainerNode()) {
                    return Optional.empty();
                }
                columns.add(c.getKey());
            }
            rows.add(e.getKey());
        }
        return Optional.of(new KeyedTable(rows, new ArrayList<>(columns), node));
    }

    public JsonNode cell(String row, String column) {
        return source.path(row).path(column);
    }
}
