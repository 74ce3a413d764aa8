package io.multilens.workflow;

import io.multilens.api.data.SafeName;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PortSpec;
import io.multilens.api.plugin.Step;
import io.multilens.api.status.StepFailure;
import io.multilens.workflow.yaml.Node;
import io.multilens.workflow.yaml.YamlReader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

/**
 * Checks a workflow against the installed plugins before anything runs and reports every error:
 * unknown plugin (with the closest names), unknown or ill-typed option (with the plugin's
 * schema), missing reference, cycle, bad {@code --set}.
 */
public final class WorkflowValidator {

    private final PluginCatalog catalog;

    public WorkflowValidator(PluginCatalog catalog) {
        this.catalog = catalog;
    }

    /** The plan, or the errors that prevent it. */
    public record Result(Plan plan, List<WorkflowError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    public Result validate(Workflow wf, Map<String, String> overrides) {
        List<WorkflowError> errors = new ArrayList<>();
        Path file = wf.file();
        Map<String, Object> params = params(wf, overrides, errors);
        Map<String, StepDecl> byId = new LinkedHashMap<>();
        wf.steps().forEach(s -> byId.putIfAbsent(s.id(), s));

        List<PlannedStep> planned = new ArrayList<>();
        for (StepDecl decl : wf.steps()) {
            Optional<Step> plugin;
            try {
                plugin = catalog.find(decl.uses());
            } catch (StepFailure badPin) {
                errors.add(WorkflowParser.err(file, decl.node().map().get("uses"), badPin.getMessage()));
                continue;
            }
            int at = decl.uses().indexOf('@');
            if (plugin.isEmpty() && at > 0 && catalog.find(decl.uses().substring(0, at)).isPresent()) {
                String name = decl.uses().substring(0, at);
                errors.add(WorkflowParser.err(file, decl.node().map().get("uses"), "no installed version of plugin '" + name
                        + "' matches '" + decl.uses().substring(at + 1) + "'; installed: " + catalog.origin(name)
                        + " (pin a range such as @[0.1,0.2) or a prefix such as @0.1)"));
                continue;
            }
            if (plugin.isEmpty()) {
                List<String> close = Closest.to(at > 0 ? decl.uses().substring(0, at) : decl.uses(), catalog.names());
                Node uses = decl.node().map().get("uses");
                errors.add(WorkflowParser.err(file, uses, "unknown plugin '" + decl.uses() + "'"
                        + (close.isEmpty() ? "; installed: " + (catalog.names().isEmpty() ? "none"
                        : String.join(", ", catalog.names().stream().sorted().toList()))
                        : "; did you mean " + String.join(" or ", close) + "?")
                        + catalog.featureHint() + " ('multilens plugins' lists them)"));
                continue;
            }
            planned.add(planStep(wf, decl, plugin.get(), params, byId, errors));
        }
        List<PlannedStep> ordered = order(file, wf, planned, errors);
        return new Result(errors.isEmpty() ? new Plan(wf, params, ordered) : null, errors);
    }

    private Map<String, Object> params(Workflow wf, Map<String, String> overrides, List<WorkflowError> errors) {
        Map<String, Object> values = new LinkedHashMap<>();
        wf.params().forEach((name, p) -> values.put(name, p.defaultValue()));
        overrides.forEach((name, text) -> {
            ParamDecl p = wf.params().get(name);
            if (p == null) {
                List<String> close = Closest.to(name, wf.params().keySet());
                errors.add(new WorkflowError(wf.file(), 0, 0, "--set " + name + "=" + text + ": the workflow has no parameter '"
                        + name + "'" + (close.isEmpty() ? "; its parameters: " + String.join(", ", wf.params().keySet())
                        : "; did you mean " + String.join(" or ", close) + "?")));
                return;
            }
            Object value = parseScalar(wf.file(), text);
            if (p.type() == OptionType.STRING || p.type() == OptionType.PATH) {
                value = text;
            } else if (p.type() == OptionType.NUMBER && value instanceof Long l) {
                value = l.doubleValue();
            }
            if (!p.type().accepts(value)) {
                errors.add(new WorkflowError(wf.file(), 0, 0, "--set " + name + "=" + text + ": parameter '" + name
                        + "' is " + WorkflowParser.withArticle(p.type()) + (p.type() == OptionType.LIST || p.type() == OptionType.PATHS ? " (write [a, b])" : "")));
                return;
            }
            values.put(name, value);
        });
        wf.params().forEach((name, p) -> {
            if (values.get(name) == null) {
                errors.add(WorkflowParser.err(wf.file(), p.node(), "parameter '" + name
                        + "' has no default: give it with --set " + name + "=..."));
            }
        });
        return values;
    }

    private static Object parseScalar(Path file, String text) {
        try {
            return new YamlReader().read(file, text).plain();
        } catch (YamlReader.YamlSyntaxException e) {
            return text;
        }
    }

    private PlannedStep planStep(Workflow wf, StepDecl decl, Step plugin, Map<String, Object> params,
                                 Map<String, StepDecl> byId, List<WorkflowError> errors) {
        Path file = wf.file();
        PluginInfo info = plugin.info();
        Map<String, Object> options = new LinkedHashMap<>();
        Map<String, InputRef> inputs = new LinkedHashMap<>();
        Set<String> deps = new LinkedHashSet<>();
        decl.with().forEach((key, node) -> {
            Optional<PortSpec> input = info.input(key);
            Optional<OptionSpec> option = info.option(key);
            if (input.isPresent()) {
                InputRef ref = input(wf, decl, key, node, params, byId, errors);
                if (ref != null) {
                    inputs.put(key, ref);
                    if (ref instanceof InputRef.StepOutput so) {
                        deps.add(so.stepId());
                    }
                }
            } else if (option.isPresent()) {
                // an option value (or list element) that is a whole ${steps.ID.OUTPUT} stands for that output's
                // path: it becomes an InputRef.StepOutput here, once, and the runner fills in the path
                Object value = substitute(file, node, node.plain(), params, errors, ref -> {
                    InputRef r = stepOutput(wf, decl, node, ref, byId, errors);
                    if (r instanceof InputRef.StepOutput so) {
                        deps.add(so.stepId());
                    }
                    return r;
                });
                if (value != null) {
                    checkOption(file, decl, info, option.get(), node, value, errors);
                    options.put(key, value);
                }
            } else {
                List<String> names = new ArrayList<>();
                info.options().forEach(o -> names.add(o.name()));
                info.inputs().forEach(i -> names.add(i.name()));
                List<String> close = Closest.to(key, names);
                errors.add(WorkflowParser.err(file, node, "step '" + decl.id() + "': plugin '" + info.name()
                        + "' has no option '" + key + "'"
                        + (close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?")
                        + " Options: " + info.options().stream().map(OptionSpec::name).collect(Collectors.joining(", "))
                        + (info.inputs().isEmpty() ? "" : "; inputs: " + info.inputs().stream().map(PortSpec::name)
                        .collect(Collectors.joining(", ")))
                        + " ('multilens plugins --describe " + info.name() + "' explains each)"));
            }
        });
        for (OptionSpec o : info.options()) {
            if (o.required() && !decl.with().containsKey(o.name())) {
                errors.add(WorkflowParser.err(file, decl.node(), "step '" + decl.id() + "': option '" + o.name()
                        + "' is required by plugin '" + info.name() + "' (" + o.description() + ")"));
            }
        }
        for (PortSpec i : info.inputs()) {
            if (i.required() && !decl.with().containsKey(i.name())) {
                errors.add(WorkflowParser.err(file, decl.node(), "step '" + decl.id() + "': input '" + i.name()
                        + "' is required by plugin '" + info.name() + "' (" + i.description() + ")"));
            }
        }
        return new PlannedStep(decl.id(), plugin, options, inputs, deps);
    }

    private InputRef input(Workflow wf, StepDecl decl, String key, Node node, Map<String, Object> params,
                           Map<String, StepDecl> byId, List<WorkflowError> errors) {
        Object raw = node.plain();
        if (Substitution.wholeStepRef(raw) != null) {
            return stepOutput(wf, decl, node, (String) raw, byId, errors);
        }
        Path file = wf.file();
        Object value = substitute(file, node, raw, params, errors, ref -> null);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            errors.add(WorkflowParser.err(file, node, "step '" + decl.id() + "': input '" + key
                    + "' must be ${steps.ID.OUTPUT} or a file path"));
            return null;
        }
        return new InputRef.File(wf.folder().resolve(s).normalize());
    }

    /** A whole-value {@code ${steps.ID.OUTPUT}}, checked against the steps and their plugins' outputs. */
    private InputRef stepOutput(Workflow wf, StepDecl decl, Node node, String raw, Map<String, StepDecl> byId,
                                List<WorkflowError> errors) {
        Path file = wf.file();
        Matcher m = Substitution.wholeStepRef(raw);
        {
            String stepId = m.group(1);
            String output = m.group(2);
            StepDecl source = byId.get(stepId);
            if (source == null) {
                errors.add(WorkflowParser.err(file, node, "step '" + decl.id() + "': '" + raw + "' names no step; steps: "
                        + String.join(", ", byId.keySet())));
                return null;
            }
            Optional<Step> sourcePlugin;
            try {
                sourcePlugin = catalog.find(source.uses());
            } catch (StepFailure badPin) {
                sourcePlugin = Optional.empty();   // reported where that step is declared
            }
            if (sourcePlugin.isPresent() && sourcePlugin.get().info().output(output).isEmpty()) {
                errors.add(WorkflowParser.err(file, node, "step '" + decl.id() + "': step '" + stepId + "' ("
                        + source.uses() + ") has no output '" + output + "'; its outputs: "
                        + sourcePlugin.get().info().outputs().stream().map(PortSpec::name).collect(Collectors.joining(", "))));
                return null;
            }
            return new InputRef.StepOutput(stepId, output, m.group(3));
        }
    }

    /**
     * Replaces {@code ${params.X}} (keeping the parameter's type when it is the whole value; a
     * parameter's value is data, never read for references). A string that is a whole
     * {@code ${steps.ID.OUTPUT}}, or one followed by a path inside that output, becomes the {@link
     * InputRef.StepOutput} {@code stepRef} makes of it (null when it names no step or output); step
     * references anywhere else in a string are errors.
     */
    private static Object substitute(Path file, Node node, Object value, Map<String, Object> params,
                                     List<WorkflowError> errors, java.util.function.Function<String, InputRef> stepRef) {
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) {
                out.add(substitute(file, node, o, params, errors, stepRef));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), substitute(file, node, v, params, errors, stepRef)));
            return out;
        }
        if (!(value instanceof String s)) {
            return value;
        }
        int open = s.indexOf("${");
        if (open >= 0 && s.indexOf('}', open) < 0) {
            errors.add(WorkflowParser.err(file, node, "'" + s.substring(open) + "' is missing its closing '}'"
                    + " (write ${params.NAME} or ${steps.ID.OUTPUT})"));
            return null;
        }
        if (Substitution.wholeStepRef(s) != null) {
            return stepRef.apply(s.trim());
        }
        if (Substitution.mentionsSteps(s)) {
            errors.add(WorkflowParser.err(file, node, "'" + s + "': a step's output can only be given as the whole value"
                    + " (it stands for the output's path), or followed by a path inside it (${steps.ID.OUTPUT}/{lang}.txt)"));
            return null;
        }
        Matcher whole = Substitution.PARAM.matcher(s.trim());
        if (whole.matches()) {
            return param(file, node, whole.group(1), params, errors);
        }
        Matcher m = Substitution.PARAM.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Object v = param(file, node, m.group(1), params, errors);
            m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf(v)));
        }
        m.appendTail(sb);
        String result = sb.toString();
        Matcher bad = Substitution.ANY.matcher(result);
        if (bad.find()) {
            errors.add(WorkflowParser.err(file, node, "'" + bad.group() + "' is not a reference: use ${params.NAME}"
                    + " or, for inputs, ${steps.ID.OUTPUT}"));
        }
        return result;
    }

    private static Object param(Path file, Node node, String name, Map<String, Object> params,
                                List<WorkflowError> errors) {
        if (!params.containsKey(name)) {
            List<String> close = Closest.to(name, params.keySet());
            errors.add(WorkflowParser.err(file, node, "'${params." + name + "}': the workflow has no parameter '" + name
                    + "'" + (close.isEmpty() ? "; declare it under 'params:'" : "; did you mean " + String.join(" or ", close) + "?")));
            return "";
        }
        return params.get(name);
    }

    /** Options whose values name languages, and so files ({@code tallies/<lang>.safetensors}). */
    private static final Set<String> LANGUAGE_OPTIONS = Set.of("languages", "language", "reference_language");

    private static void checkOption(Path file, StepDecl decl, PluginInfo info, OptionSpec spec, Node node, Object value,
                                    List<WorkflowError> errors) {
        Object given = value;
        // a step's output stands for its path, a string
        if (value instanceof InputRef.StepOutput) {
            value = value.toString();
        } else if (value instanceof List<?> list) {
            value = list.stream().map(v -> v instanceof InputRef.StepOutput ? v.toString() : v).toList();
        }
        if (!spec.type().accepts(value)) {
            errors.add(WorkflowParser.err(file, node, "step '" + decl.id() + "': option '" + spec.name() + "' of plugin '"
                    + info.name() + "' must be " + WorkflowParser.withArticle(spec.type()) + ", got " + describe(value)
                    + " (" + spec.summary() + ")"));
            return;
        }
        List<Object> all = given instanceof List<?> l ? new ArrayList<>(l) : java.util.Collections.singletonList(given);
        for (Object v : all) {
            if (v instanceof Number n && !spec.inRange(n.doubleValue())) {
                errors.add(WorkflowParser.err(file, node, "step '" + decl.id() + "': option '" + spec.name() + "' is "
                        + v + "; it must be " + spec.range() + " (" + spec.summary() + ")"));
            }
            if (LANGUAGE_OPTIONS.contains(spec.name()) && v instanceof String lang && !SafeName.isSafe(lang)) {
                errors.add(WorkflowParser.err(file, node, "step '" + decl.id() + "': option '" + spec.name() + "' has '"
                        + lang + "', which is not a language code (letters, digits, '-', '_', '.'; it names files)"));
            }
        }
        if (!spec.allowed().isEmpty()) {
            for (Object v : all) {
                if (!spec.allowed().contains(String.valueOf(v))) {
                    errors.add(WorkflowParser.err(file, node, "step '" + decl.id() + "': option '" + spec.name() + "' is '"
                            + v + "'; allowed: " + String.join(", ", spec.allowed())));
                }
            }
        }
    }

    private static String describe(Object value) {
        if (value instanceof String s) {
            return "the string '" + s + "'";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof Map) {
            return "a map";
        }
        return String.valueOf(value);
    }

    /** Dependency order (Kahn), ties broken by declaration order; a cycle is an error. */
    private static List<PlannedStep> order(Path file, Workflow wf, List<PlannedStep> steps, List<WorkflowError> errors) {
        Map<String, PlannedStep> byId = new LinkedHashMap<>();
        steps.forEach(s -> byId.putIfAbsent(s.id(), s));
        List<PlannedStep> out = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        boolean progress = true;
        while (progress && done.size() < byId.size()) {
            progress = false;
            for (PlannedStep s : byId.values()) {
                if (!done.contains(s.id()) && s.dependsOn().stream().allMatch(d -> done.contains(d) || !byId.containsKey(d))) {
                    out.add(s);
                    done.add(s.id());
                    progress = true;
                    break;
                }
            }
        }
        if (done.size() < byId.size()) {
            List<String> cycle = findCycle(byId, done);
            StepDecl first = wf.steps().stream().filter(d -> d.id() != null && d.id().equals(cycle.get(0))).findFirst().orElseThrow();
            errors.add(WorkflowParser.err(file, first.node().map().get("id"), "steps depend on each other in a cycle: "
                    + String.join(" -> ", cycle) + "; break it by removing one ${steps...} reference"));
        }
        return out;
    }

    private static List<String> findCycle(Map<String, PlannedStep> byId, Set<String> done) {
        String start = byId.keySet().stream().filter(id -> !done.contains(id)).findFirst().orElseThrow();
        Deque<String> path = new ArrayDeque<>();
        String cur = start;
        while (!path.contains(cur)) {
            path.addLast(cur);
            String c = cur;
            cur = byId.get(c).dependsOn().stream().filter(d -> byId.containsKey(d) && !done.contains(d)).findFirst().orElseThrow();
        }
        List<String> cycle = new ArrayList<>();
        boolean in = false;
        for (String s : path) {
            in |= s.equals(cur);
            if (in) {
                cycle.add(s);
            }
        }
        cycle.add(cur);
        return cycle;
    }
}
