package io.multilens.api.plugin;

import java.util.List;
import java.util.Map;

/** The value types a plugin option may declare; the workflow validator checks values against them. */
public enum OptionType {
    STRING("string"),
    INTEGER("integer"),
    NUMBER("number"),
    BOOLEAN("boolean"),
    /** A file or folder; relative values are resolved against the workflow file's folder. */
    PATH("path"),
    /** A list of files or folders, each resolved as a {@code PATH} is. */
    PATHS("paths"),
    LIST("list"),
    MAP("map"),
    /** Anything YAML can hold; the plugin checks it itself. */
    ANY("any");

    private final String yamlName;

    OptionType(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** True when a value parsed from YAML (or from --set) has this type. */
    public boolean accepts(Object value) {
        return switch (this) {
            case STRING, PATH -> value instanceof String;
            case INTEGER -> value instanceof Integer || value instanceof Long;
            case NUMBER -> value instanceof Number;
            case BOOLEAN -> value instanceof Boolean;
            case LIST, PATHS -> value instanceof List;
            case MAP -> value instanceof Map;
            case ANY -> true;
        };
    }

    public static OptionType fromYamlName(String name) {
        for (OptionType t : values()) {
            if (t.yamlName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown option type '" + name + "'");
    }
}
