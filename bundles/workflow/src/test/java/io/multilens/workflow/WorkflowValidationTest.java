package io.multilens.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowValidationTest {

    private static final Path FILE = Path.of("/w/flow.yaml");
    private final TestPlugins plugins = new TestPlugins();

    private List<WorkflowError> errors(String yaml, Map<String, String> sets) {
        WorkflowParser.Result parsed = new WorkflowParser().parse(FILE, yaml);
        if (!parsed.ok()) {
            return parsed.errors();
        }
        return new WorkflowValidator(plugins).validate(parsed.workflow(), sets).errors();
    }

    private List<WorkflowError> errors(String yaml) {
        return errors(yaml, Map.of());
    }

    private static void assertError(List<WorkflowError> errors, int line, int column, String fragment) {
        assertTrue(errors.stream().anyMatch(e -> e.line() == line && e.column() == column && e.message().contains(fragment)),
                () -> "expected " + line + ":" + column + " '" + fragment + "' in " + errors);
    }

    @Test
    void validWorkflowPlansStepsInDependencyOrder() {
        String yaml = """
                name: ok
                params:
                  n: 5
                steps:
                  - id: second
                    uses: consume
                    with:
                      number: ${steps.first.number}
                  - id: first
                    uses: produce
                    with:
                      value: ${params.n}
                """;
        WorkflowParser.Result parsed = new WorkflowParser().parse(FILE, yaml);
        WorkflowValidator.Result r = new WorkflowValidator(plugins).validate(parsed.workflow(), Map.of("n", "9"));
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(List.of("first", "second"), r.plan().steps().stream().map(PlannedStep::id).toList());
        assertEquals(9L, r.plan().steps().get(0).options().get("value"));
    }

    @Test
    void stepReferencesAreParsedOnceAndParameterValuesStayLiteral() {
        String yaml = """
                name: refs
                params:
                  extra: none.txt
                steps:
                  - id: first
                    uses: produce
                  - id: direct
                    uses: consume
                    with:
                      number: ${steps.first.number}
                      extra: ${steps.first.number}
                  - id: viaParam
                    uses: consume
                    with:
                      number: ${steps.first.number}
                      extra: ${params.extra}
                """;
        WorkflowParser.Result parsed = new WorkflowParser().parse(FILE, yaml);
        WorkflowValidator.Result r = new WorkflowValidator(plugins).validate(parsed.workflow(),
                Map.of("extra", "${steps.direct.result}"));
        assertTrue(r.ok(), r.errors().toString());
        Map<String, PlannedStep> byId = new java.util.HashMap<>();
        r.plan().steps().forEach(s -> byId.put(s.id(), s));
        // written in the workflow: a typed reference, and a dependency
        assertEquals(new InputRef.StepOutput("first", "number"), byId.get("direct").options().get("extra"));
        // given with --set: data, not a reference (no dependency on 'direct', no cycle)
        assertEquals("${steps.direct.result}", byId.get("viaParam").options().get("extra"));
        assertEquals(java.util.Set.of("first"), byId.get("viaParam").dependsOn());
    }

    @Test
    void aPathInsideAStepsOutputIsAReferenceAndOtherMixturesAreRefused() {
        String yaml = """
                name: below
                steps:
                  - id: first
                    uses: produce
                  - id: inside
                    uses: consume
                    with:
                      number: ${steps.first.number}
                      extra: ${steps.first.number}/{lang}.txt
                  - id: mixed
                    uses: consume
                    with:
                      number: ${steps.first.number}
                      extra: x-${steps.first.number}
                """;
        WorkflowParser.Result parsed = new WorkflowParser().parse(FILE, yaml);
        WorkflowValidator.Result r = new WorkflowValidator(plugins).validate(parsed.workflow(), Map.of());
        assertEquals(1, r.errors().size(), r.errors().toString());
        assertTrue(r.errors().get(0).message().contains("'x-${steps.first.number}': a step's output can only be given as the"
                + " whole value"), r.errors().toString());
        assertEquals(14, r.errors().get(0).line(), r.errors().toString());
        parsed = new WorkflowParser().parse(FILE, yaml.substring(0, yaml.indexOf("  - id: mixed")));
        r = new WorkflowValidator(plugins).validate(parsed.workflow(), Map.of());
        assertTrue(r.ok(), r.errors().toString());
        PlannedStep inside = r.plan().steps().get(1);
        assertEquals(new InputRef.StepOutput("first", "number", "/{lang}.txt"), inside.options().get("extra"));
        assertEquals("${steps.first.number}/{lang}.txt", inside.options().get("extra").toString());
        assertEquals(java.util.Set.of("first"), inside.dependsOn());
    }

    @Test
    void malformedYamlReportsItsPlace() {
        List<WorkflowError> e = errors("name: x\nsteps:\n  - id: a\n    uses: [unclosed\n");
        assertEquals(1, e.size());
        assertTrue(e.get(0).message().startsWith("malformed YAML"), e.toString());
        assertTrue(e.get(0).line() >= 4, e.toString());
    }

    @Test
    void unknownPluginSuggestsClosestNames() {
        List<WorkflowError> e = errors("name: x\nsteps:\n  - id: a\n    uses: produc\n");
        assertError(e, 4, 5, "unknown plugin 'produc'; did you mean produce?");
    }

    @Test
    void unknownOptionListsTheSchema() {
        List<WorkflowError> e = errors("name: x\nsteps:\n  - id: a\n    uses: produce\n    with:\n      valu: 3\n");
        assertError(e, 6, 7, "has no option 'valu'; did you mean value?");
        assertError(e, 6, 7, "Options: value, mode, languages, skip_documents ('multilens plugins --describe produce' explains each)");
    }

    @Test
    void illTypedAndDisallowedOptions() {
        List<WorkflowError> e = errors("name: x\nsteps:\n  - id: a\n    uses: produce\n    with:\n      value: three\n      mode: odd\n");
        assertError(e, 6, 7, "option 'value' of plugin 'produce' must be an integer, got the string 'three'");
        assertError(e, 7, 7, "option 'mode' is 'odd'; allowed: plain, fancy");
    }

    @Test
    void missingReferencesAndRequiredInputs() {
        List<WorkflowError> e = errors("""
                name: x
                steps:
                  - id: a
                    uses: consume
                    with:
                      number: ${steps.nothere.number}
                  - id: b
                    uses: consume
                  - id: c
                    uses: consume
                    with:
                      number: ${steps.a.nope}
                  - id: d
                    uses: produce
                    with:
                      value: ${params.missing}
                """);
        assertError(e, 6, 7, "'${steps.nothere.number}' names no step");
        assertError(e, 7, 5, "input 'number' is required by plugin 'consume'");
        assertError(e, 12, 7, "step 'a' (consume) has no output 'nope'; its outputs: result");
        assertError(e, 16, 7, "the workflow has no parameter 'missing'");
    }

    @Test
    void cyclesAndDuplicateIds() {
        List<WorkflowError> cycle = errors("""
                name: x
                steps:
                  - id: a
                    uses: consume
                    with: {number: "${steps.b.result}"}
                  - id: b
                    uses: consume
                    with: {number: "${steps.a.result}"}
                """);
        assertError(cycle, 3, 5, "cycle: a -> b -> a");
        List<WorkflowError> dup = errors("name: x\nsteps:\n  - id: a\n    uses: produce\n  - id: a\n    uses: produce\n");
        assertError(dup, 5, 5, "duplicate step id 'a' (first used at line 3)");
    }

    @Test
    void structuralErrorsAreAllReported() {
        List<WorkflowError> e = errors("nmae: x\nsteps:\n  - uses: produce\n    whit: {}\n");
        assertError(e, 1, 1, "unknown workflow key 'nmae'; did you mean name?");
        assertError(e, 1, 1, "'name' is missing");
        assertError(e, 3, 5, "'id' is missing");
        assertError(e, 4, 5, "unknown step key 'whit'; did you mean with?");
    }

    @Test
    void mergeKeysShareOptionsAndExplicitKeysWin() {
        String yaml = """
                name: x
                steps:
                  - id: a
                    uses: produce
                    with: &base {value: 3, mode: fancy}
                  - id: b
                    uses: produce
                    with: {<<: *base, value: 4}
                """;
        WorkflowParser.Result parsed = new WorkflowParser().parse(FILE, yaml);
        WorkflowValidator.Result r = new WorkflowValidator(plugins).validate(parsed.workflow(), Map.of());
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(Map.of("value", 4L, "mode", "fancy"), r.plan().steps().get(1).options());
    }

    @Test
    void yamlTagsAreRefused() {
        List<WorkflowError> e = errors("name: !!javax.script.ScriptEngineManager x\nsteps: []\n");
        assertTrue(e.get(0).message().contains("is not allowed"), e.toString());
    }

    @Test
    void badSetOverrides() {
        String yaml = "name: x\nparams:\n  n: 5\nsteps:\n  - id: a\n    uses: produce\n    with: {value: \"${params.n}\"}\n";
        assertTrue(errors(yaml, Map.of("m", "3")).get(0).message().contains("no parameter 'm'; did you mean n?"));
        assertTrue(errors(yaml, Map.of("n", "abc")).get(0).message().contains("parameter 'n' is an integer"));
        assertTrue(errors(yaml, Map.of("n", "4")).isEmpty());
    }

    @Test
    void aStepOutputStandsForAPath() {
        List<WorkflowError> e = errors("name: x\nsteps:\n  - id: a\n    uses: produce\n  - id: b\n    uses: produce\n    with:\n      value: ${steps.a.number}\n");
        assertError(e, 8, 7, "option 'value' of plugin 'produce' must be an integer, got the string '${steps.a.number}'");
        List<WorkflowError> inside = errors("name: x\nsteps:\n  - id: a\n    uses: produce\n  - id: b\n    uses: produce\n    with:\n      mode: x${steps.a.number}\n");
        assertError(inside, 8, 7, "can only be given as the whole value");
        List<WorkflowError> missing = errors("name: x\nsteps:\n  - id: a\n    uses: produce\n    with:\n      languages: [en, \"${steps.zz.number}\"]\n");
        assertError(missing, 6, 7, "'${steps.zz.number}' names no step");
    }
}
