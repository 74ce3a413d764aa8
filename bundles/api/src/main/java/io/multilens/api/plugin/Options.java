package io.multilens.api.plugin;

import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A step's options after validation: every declared option is present (its default when the
 * workflow did not set it). Getters convert between YAML's number types; a wrong type is a
 * {@link StepFailure} naming the option.
 */
public final class Options {

    private final Map<String, Object> values;

    public Options(Map<String, ?> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * The options a step runs with: defaults filled in, and every {@code path} and {@code paths}
     * value resolved against {@code folder} (the workflow file's folder), so a plugin reads
     * absolute paths wherever it runs, a cluster executor included.
     */
    public static Options of(PluginInfo info, Map<String, ?> given, Path folder) {
        Map<String, Object> all = new LinkedHashMap<>(of(info, given).values);
        for (OptionSpec spec : info.options()) {
            Object v = all.get(spec.name());
            if (spec.type() == OptionType.PATH && v instanceof String s && !s.isBlank()) {
                all.put(spec.name(), resolve(folder, s));
            } else if (spec.type() == OptionType.PATHS && v instanceof List<?> list) {
                all.put(spec.name(), list.stream().map(p -> resolve(folder, String.valueOf(p))).toList());
            }
        }
        return new Options(all);
    }

    private static String resolve(Path folder, String path) {
        return folder.resolve(path).toAbsolutePath().normalize().toString();
    }

    /** Defaults filled in; paths as the workflow wrote them. */
    public static Options of(PluginInfo info, Map<String, ?> given) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (OptionSpec spec : info.options()) {
            if (spec.defaultValue() != null) {
                all.put(spec.name(), spec.defaultValue());
            }
        }
        all.putAll(given);
        return new Options(all);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }

    public Optional<Object> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new StepFailure("option '" + name + "' is required: set it under the step's 'with:'");
        }
        return v;
    }

    public String string(String name) {
        return String.valueOf(require(name));
    }

    /** A {@code path} option: absolute once the runtime has resolved it. */
    public Path path(String name) {
        return Path.of(string(name));
    }

    /** A {@code paths} option. */
    public List<Path> paths(String name) {
        return strings(name).stream().map(Path::of).toList();
    }

    public long longValue(String name) {
        Object v = require(name);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw new StepFailure("option '" + name + "' must be an integer, got '" + v + "'");
    }

    public int intValue(String name) {
        return Math.toIntExact(longValue(name));
    }

    public double doubleValue(String name) {
        Object v = require(name);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new StepFailure("option '" + name + "' must be a number, got '" + v + "'");
    }

    public boolean bool(String name) {
        Object v = require(name);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new StepFailure("option '" + name + "' must be true or false, got '" + v + "'");
    }

    public List<String> strings(String name) {
        Object v = require(name);
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(String.valueOf(o));
            }
            return out;
        }
        return List.of(String.valueOf(v));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String name) {
        Object v = require(name);
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new StepFailure("option '" + name + "' must be a map, got '" + v + "'");
    }
}
