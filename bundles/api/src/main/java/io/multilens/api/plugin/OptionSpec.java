package io.multilens.api.plugin;

import java.util.List;
import java.util.Objects;

/**
 * One option a plugin accepts under a step's {@code with:}.
 *
 * @param defaultValue null when the option is required or has no default
 * @param allowed      the only values accepted (as strings), empty when any value of the type is
 */
public record OptionSpec(String name, OptionType type, Object defaultValue, String description,
                         List<String> allowed, boolean required) {

    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        allowed = List.copyOf(allowed == null ? List.of() : allowed);
        description = description == null ? "" : description;
    }

    public static OptionSpec optional(String name, OptionType type, Object defaultValue, String description) {
        return new OptionSpec(name, type, defaultValue, description, List.of(), false);
    }

    public static OptionSpec required(String name, OptionType type, String description) {
        return new OptionSpec(name, type, null, description, List.of(), true);
    }

    public static OptionSpec choice(String name, String defaultValue, String description, String... allowed) {
        return new OptionSpec(name, OptionType.STRING, defaultValue, description, List.of(allowed), false);
    }

    /** One line for {@code multilens plugins --describe}: name, type, default, allowed values. */
    public String summary() {
        StringBuilder s = new StringBuilder(name).append(" (").append(type.yamlName()).append(")");
        if (required) {
            s.append(", required");
        } else if (defaultValue != null) {
            s.append(", default ").append(defaultValue);
        }
        if (!allowed.isEmpty()) {
            s.append(", one of ").append(String.join("|", allowed));
        }
        return s.toString();
    }
}
