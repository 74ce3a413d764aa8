package io.multilens.workflow;

import io.multilens.api.plugin.OptionType;
import io.multilens.workflow.yaml.Node;
import io.multilens.workflow.yaml.YamlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a workflow file's YAML into a {@link Workflow}, reporting every structural error (not
 * only the first) with its line and column.
 */
public final class WorkflowParser {

    private static final Set<String> TOP_KEYS = Set.of("name", "description", "params", "steps");
    private static final Set<String> STEP_KEYS = Set.of("id", "uses", "with", "description");
    private static final Set<String> PARAM_KEYS = Set.of("type", "default", "description");

    /** The result: a workflow when there were no errors. */
    public record Result(Workflow workflow, List<WorkflowError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    public Result parse(Path file, String text) {
        List<WorkflowError> errors = new ArrayList<>();
        Node root;
        try {
            root = new YamlReader().read(file, text);
        } catch (YamlReader.YamlSyntaxException e) {
            return new Result(null, List.of(e.error()));
        }
        if (!root.isMap()) {
            return new Result(null, List.of(err(file, root, "a workflow is a map with 'name' and 'steps'")));
        }
        Map<String, Node> top = root.map();
        unknownKeys(file, top, TOP_KEYS, "workflow", errors);
        String name = string(file, top, "name", root, true, errors);
        String description = string(file, top, "description", root, false, errors);
        Map<String, ParamDecl> params = params(file, top.get("params"), errors);
        List<StepDecl> steps = steps(file, top.get("steps"), root, errors);
        return new Result(errors.isEmpty() ? new Workflow(file, name, description, params, steps) : null, errors);
    }

    /**
     * Whether a parameter's map is a declaration ({type, default, description}) rather than a
     * map value: it uses one of those keys, or a key one typo away from one (so that
     * {@code {tpye: integer}} is named as a typo where it is, not taken as a value).
     */
    private static boolean isDeclaration(Set<String> keys) {
        return keys.stream().anyMatch(k -> PARAM_KEYS.contains(k) || !Closest.to(k, PARAM_KEYS).isEmpty());
    }

    private Map<String, ParamDecl> params(Path file, Node node, List<WorkflowError> errors) {
        Map<String, ParamDecl> params = new LinkedHashMap<>();
        if (node == null || node.value() == null) {
            return params;
        }
        if (!node.isMap()) {
            errors.add(err(file, node, "'params' must be a map of name: {type, default, description}"));
            return params;
        }
        node.map().forEach((pname, p) -> {
            if (p.isMap() && isDeclaration(p.map().keySet())) {
                unknownKeys(file, p.map(), PARAM_KEYS, "parameter '" + pname + "'", errors);
                Node typeNode = p.map().get("type");
                if (typeNode == null) {
                    Node def = p.map().get("default");
                    Object value = def == null ? null : def.plain();
                    Node desc = p.map().get("description");
                    params.put(pname, new ParamDecl(pname, inferType(value), value,
                            desc == null ? "" : String.valueOf(desc.value()), p));
                    return;
                }
                OptionType type;
                try {
                    type = OptionType.fromYamlName(String.valueOf(typeNode.value()));
                } catch (IllegalArgumentException e) {
                    errors.add(err(file, typeNode, "parameter '" + pname + "': unknown type '" + typeNode.value()
                            + "'; use string, integer, number, boolean, path, list or map"));
                    return;
                }
                Node def = p.map().get("default");
                Object value = def == null ? null : def.plain();
                if (value != null && !type.accepts(value)) {
                    errors.add(err(file, def, "parameter '" + pname + "': default " + value + " is not " + withArticle(type)));
                }
                Node desc = p.map().get("description");
                params.put(pname, new ParamDecl(pname, type, value, desc == null ? "" : String.valueOf(desc.value()), p));
            } else {
                Object value = p.plain();
                params.put(pname, new ParamDecl(pname, inferType(value), value, "", p));
            }
        });
        return params;
    }

    static OptionType inferType(Object value) {
        if (value instanceof Boolean) {
            return OptionType.BOOLEAN;
        }
        if (value instanceof Long || value instanceof Integer) {
            return OptionType.INTEGER;
        }
        if (value instanceof Number) {
            return OptionType.NUMBER;
        }
        if (value instanceof List) {
            return OptionType.LIST;
        }
        if (value instanceof Map) {
            return OptionType.MAP;
        }
        return value == null ? OptionType.ANY : OptionType.STRING;
    }

    private List<StepDecl> steps(Path file, Node node, Node root, List<WorkflowError> errors) {
        List<StepDecl> steps = new ArrayList<>();
        if (node == null) {
            errors.add(err(file, root, "'steps' is missing: a workflow needs at least one step"));
            return steps;
        }
        if (!node.isList() || node.list().isEmpty()) {
            errors.add(err(file, node, "'steps' must be a non-empty list of {id, uses, with}"));
            return steps;
        }
        Map<String, Node> seen = new LinkedHashMap<>();
        for (Node s : node.list()) {
            if (!s.isMap()) {
                errors.add(err(file, s, "a step must be a map with 'id', 'uses' and 'with'"));
                continue;
            }
            unknownKeys(file, s.map(), STEP_KEYS, "step", errors);
            String id = string(file, s.map(), "id", s, true, errors);
            String uses = string(file, s.map(), "uses", s, true, errors);
            if (id != null && !id.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
                errors.add(err(file, s.map().get("id"), "step id '" + id
                        + "' may hold only letters, digits, '_', '.' and '-' (it names the output folder)"));
            }
            if ("logs".equals(id)) {
                errors.add(err(file, s.map().get("id"), "step id 'logs' is reserved for the run's log folder (OUT/logs/run.log);"
                        + " choose another id"));
            }
            if (id != null && seen.containsKey(id)) {
                Node first = seen.get(id);
                errors.add(err(file, s.map().get("id"), "duplicate step id '" + id + "' (first used at line "
                        + first.line() + ")"));
            } else if (id != null) {
                seen.put(id, s.map().get("id"));
            }
            Node with = s.map().get("with");
            Map<String, Node> withMap = new LinkedHashMap<>();
            if (with != null && with.value() != null) {
                if (with.isMap()) {
                    withMap.putAll(with.map());
                } else {
                    errors.add(err(file, with, "'with' must be a map of option: value"));
                }
            }
            steps.add(new StepDecl(id, uses, withMap, s));
        }
        return steps;
    }

    private static String string(Path file, Map<String, Node> map, String key, Node owner, boolean required,
                                 List<WorkflowError> errors) {
        Node n = map.get(key);
        if (n == null || n.value() == null) {
            if (required) {
                errors.add(err(file, owner, "'" + key + "' is missing"));
            }
            return null;
        }
        if (!(n.value() instanceof String s)) {
            errors.add(err(file, n, "'" + key + "' must be a string"));
            return null;
        }
        return s;
    }

    private static void unknownKeys(Path file, Map<String, Node> map, Set<String> allowed, String what,
                                    List<WorkflowError> errors) {
        map.forEach((k, v) -> {
            if (!allowed.contains(k)) {
                List<String> close = Closest.to(k, allowed);
                errors.add(new WorkflowError(file, v.keyLine(), v.keyColumn(), "unknown " + what + " key '" + k + "'"
                        + (close.isEmpty() ? "; allowed: " + String.join(", ", allowed.stream().sorted().toList())
                        : "; did you mean " + String.join(" or ", close) + "?")));
            }
        });
    }

    /** A type's name with its article, for messages: "an integer", "a path". */
    static String withArticle(OptionType type) {
        return ("aeiou".indexOf(type.yamlName().charAt(0)) >= 0 ? "an " : "a ") + type.yamlName();
    }

    static WorkflowError err(Path file, Node n, String message) {
        return new WorkflowError(file, n.keyLine() > 0 ? n.keyLine() : n.line(),
                n.keyLine() > 0 ? n.keyColumn() : n.column(), message);
    }
}
