package io.multilens.api.plugin;

import java.util.List;
import java.util.Objects;

/**
 * One option a plugin accepts under a step's {@code with:}.
 *
 * @param defaultValue null when the option is required or has no default
 * @param allowed      the only values accepted (as strings), empty when any value of the type is
 * @param min          the smallest number accepted (inclusive), or null
 * @param max          the largest number accepted (inclusive), or null
 */
public record OptionSpec(String name, OptionType type, Object defaultValue, String description,
                         List<String> allowed, boolean required, Double min, Double max) {

    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        allowed = List.copyOf(allowed == null ? List.of() : allowed);
        description = description == null ? "" : description;
    }

    public OptionSpec(String name, OptionType type, Object defaultValue, String description, List<String> allowed,
                      boolean required) {
        this(name, type, defaultValue, description, allowed, required, null, null);
    }

    public static OptionSpec optional(String name, OptionType type, Object defaultValue, String description) {
        return new OptionSpec(name, type, defaultValue, description, List.of(), false);
    }

    public static OptionSpec required(String name, OptionType type, String description) {
        return new OptionSpec(name, type, null, description, List.of(), true);
    }

    /** The same option accepting only numbers in {@code [min, max]} (either may be null). */
    public OptionSpec withRange(Double min, Double max) {
        return new OptionSpec(name, type, defaultValue, description, allowed, required, min, max);
    }

    /** Whether a number is inside the range (true when there is none). */
    public boolean inRange(double v) {
        return (min == null || v >= min) && (max == null || v <= max) && !Double.isNaN(v);
    }

    /** {@code >= 0}, {@code 0..1}, or "" without a range. */
    public String range() {
        if (min == null && max == null) {
            return "";
        }
        if (max == null) {
            return ">= " + number(min);
        }
        return min == null ? "<= " + number(max) : number(min) + ".." + number(max);
    }

    private static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
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
        if (!range().isEmpty()) {
            s.append(", ").append(range());
        }
        return s.toString();
    }
}
