package io.multilens.workflow.yaml;

import java.util.List;
import java.util.Map;

/**
 * A YAML value with the place it was written. {@code value} is a String, Long, Double, Boolean,
 * null, a {@code List<Node>} or a {@code Map<String, Node>} (insertion-ordered). For map entries,
 * {@code keyLine}/{@code keyColumn} locate the key, which is where errors about the entry point.
 */
public record Node(Object value, int line, int column, int keyLine, int keyColumn) {

    public boolean isMap() {
        return value instanceof Map;
    }

    public boolean isList() {
        return value instanceof List;
    }

    public boolean isScalar() {
        return !isMap() && !isList();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Node> map() {
        return (Map<String, Node>) value;
    }

    @SuppressWarnings("unchecked")
    public List<Node> list() {
        return (List<Node>) value;
    }

    /** Plain Java value: maps, lists and scalars with the locations stripped. */
    public Object plain() {
        if (isMap()) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            map().forEach((k, v) -> out.put(k, v.plain()));
            return out;
        }
        if (isList()) {
            return list().stream().map(Node::plain).toList();
        }
        return value;
    }
}
