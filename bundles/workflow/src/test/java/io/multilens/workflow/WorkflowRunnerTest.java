package io.multilens.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.workflow.run.RunReport;
import io.multilens.workflow.run.StepOutcome.Status;
import io.multilens.workflow.run.WorkflowRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowRunnerTest {

    @TempDir
    Path dir;

    private final TestPlugins plugins = new TestPlugins();
    private final List<String> log = new ArrayList<>();

    private static final String FLOW = """
            name: chain
            params:
              fail: false
              n: 21
            steps:
              - id: double
                uses: consume
                with:
                  number: ${steps.make.number}
                  fail: ${params.fail}
              - id: make
                uses: produce
                with:
                  value: ${params.n}
            """;

    private RunReport run(Map<String, String> sets, boolean force) throws Exception {
        Path file = dir.resolve("flow.yaml");
        Files.writeString(file, FLOW);
        Workflow wf = new WorkflowParser().parse(file, FLOW).workflow();
        Plan plan = new WorkflowValidator(plugins).validate(wf, sets).plan();
        return new WorkflowRunner((d, dev, dtype) -> {
            throw new AssertionError("no model needed");
        }, log::add, () -> false).run(plan, dir.resolve("out"), force);
    }

    @Test
    void runsInOrderWritesManifestsAndResumes() throws Exception {
        RunReport first = run(Map.of(), false);
        assertFalse(first.failed());
        assertEquals(List.of("make", "double"), first.steps().stream().map(s -> s.id()).toList());
        assertEquals("42", Files.readString(dir.resolve("out/double/result.txt")));
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("out/double/manifest.json").toFile());
        assertEquals("consume", manifest.path("fingerprint").path("plugin").asText());
        assertTrue(manifest.path("fingerprint").path("inputs").path("number").path("hash").asText().startsWith("sha256:"));

        RunReport again = run(Map.of(), false);
        assertEquals(List.of(Status.UP_TO_DATE, Status.UP_TO_DATE), again.steps().stream().map(s -> s.status()).toList());
        assertEquals(1, plugins.produceRuns.get());
        assertEquals(1, plugins.consumeRuns.get());

        // a changed parameter re-runs the producer; its new output re-runs the consumer
        RunReport changed = run(Map.of("n", "5"), false);
        assertEquals(List.of(Status.RAN, Status.RAN), changed.steps().stream().map(s -> s.status()).toList());
        assertEquals("10", Files.readString(dir.resolve("out/double/result.txt")));

        run(Map.of("n", "5"), true);
        assertEquals(3, plugins.produceRuns.get());
    }

    @Test
    void aPathOptionCanNameAnotherStepsOutput() throws Exception {
        String flow = FLOW + """
                  - id: again
                    uses: consume
                    with:
                      number: ${steps.make.number}
                      extra: ${steps.double.result}
                  - id: listing
                    uses: produce
                    with:
                      languages: ["${steps.make.number}", en]
                """;
        Path file = dir.resolve("flow2.yaml");
        Files.writeString(file, flow);
        Workflow wf = new WorkflowParser().parse(file, flow).workflow();
        WorkflowValidator.Result v = new WorkflowValidator(plugins).validate(wf, Map.of());
        assertTrue(v.ok(), v.errors().toString());
        RunReport r = new WorkflowRunner((d, dev, dtype) -> {
            throw new AssertionError();
        }, log::add, () -> false).run(v.plan(), dir.resolve("out"), false);
        assertFalse(r.failed(), r.table());
        assertEquals("84", Files.readString(dir.resolve("out/again/result.txt")), "2 * 21 + 42");
        // a list option holding step outputs gets their paths
        assertTrue(plugins.lastLanguages.get(0).endsWith("out/make/number.txt") && plugins.lastLanguages.get(1).equals("en"),
                plugins.lastLanguages.toString());
    }

    @Test
    void aFailedStepLeavesEarlierOutputsAndNoHalfWrittenResult() throws Exception {
        run(Map.of(), false);
        RunReport failed = run(Map.of("fail", "true"), false);
        assertTrue(failed.failed());
        assertEquals(Status.UP_TO_DATE, failed.steps().get(0).status());
        assertEquals(Status.FAILED, failed.steps().get(1).status());
        assertEquals("failing on purpose", failed.steps().get(1).message());
        // the previous good result is still in place, and no temporary folder is left behind (logs/ holds run.log)
        assertEquals("42", Files.readString(dir.resolve("out/double/result.txt")));
        try (Stream<Path> s = Files.list(dir.resolve("out"))) {
            assertEquals(List.of("double", "logs", "make"), s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(".multilens.lock")).sorted().toList());
        }
    }
}
