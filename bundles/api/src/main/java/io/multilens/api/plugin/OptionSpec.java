package io.multilens.api.plugin;

import java.util.List;
import java.util.Map;
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

    /**
     * Ranges of the option names every plugin shares by convention ({@code skip_documents},
     * {@code batch_size}, ...): numeric options with these names get them unless they say otherwise,
     * so {@code validate} refuses {@code skip_documents: -3} for any plugin, a third party's too.
     */
    public static final Map<String, double[]> CONVENTIONAL_RANGES = Map.ofEntries(
            Map.entry("skip_documents", new double[] {0, Double.NaN}),
            Map.entry("max_documents", new double[] {0, Double.NaN}),
            Map.entry("eval_skip_documents", new double[] {0, Double.NaN}),
            Map.entry("eval_max_documents", new double[] {0, Double.NaN}),
            Map.entry("max_tokens", new double[] {2, Double.NaN}),
            Map.entry("sequence_length", new double[] {2, Double.NaN}),
            Map.entry("batch_size", new double[] {1, Double.NaN}),
            Map.entry("grad_accumulation", new double[] {1, Double.NaN}),
            Map.entry("epochs", new double[] {1, Double.NaN}),
            Map.entry("steps", new double[] {1, Double.NaN}),
            Map.entry("warmup_steps", new double[] {0, Double.NaN}),
            Map.entry("checkpoint_every", new double[] {0, Double.NaN}),
            Map.entry("eval_every", new double[] {0, Double.NaN}),
            Map.entry("limit", new double[] {0, Double.NaN}),
            Map.entry("num_fewshot", new double[] {0, Double.NaN}),
            Map.entry("max_new_tokens", new double[] {0, Double.NaN}),
            Map.entry("top_n", new double[] {0, Double.NaN}),
            Map.entry("qk_chunk", new double[] {1, Double.NaN}),
            Map.entry("max_languages", new double[] {1, Double.NaN}),
            Map.entry("max_neurons_per_matrix", new double[] {0, Double.NaN}),
            Map.entry("n_understanding", new double[] {0, Double.NaN}),
            Map.entry("n_generation", new double[] {0, Double.NaN}),
            Map.entry("min_document_fraction", new double[] {0, 1}),
            Map.entry("learning_rate", new double[] {0, Double.NaN}),
            Map.entry("weight_decay", new double[] {0, Double.NaN}),
            Map.entry("grad_clip", new double[] {0, Double.NaN}),
            Map.entry("min_lr_ratio", new double[] {0, 1}),
            Map.entry("beta1", new double[] {0, 1}),
            Map.entry("beta2", new double[] {0, 1}));

    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        allowed = List.copyOf(allowed == null ? List.of() : allowed);
        description = description == null ? "" : description;
        double[] conventional = CONVENTIONAL_RANGES.get(name);
        if (conventional != null && min == null && max == null
                && (type == OptionType.INTEGER || type == OptionType.NUMBER)) {
            min = Double.isNaN(conventional[0]) ? null : conventional[0];
            max = Double.isNaN(conventional[1]) ? null : conventional[1];
        }
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
