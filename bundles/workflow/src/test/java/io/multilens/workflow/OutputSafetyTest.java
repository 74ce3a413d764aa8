package io.multilens.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.status.StepFailure;
import io.multilens.workflow.run.RunReport;
import io.multilens.workflow.run.StepOutcome.Status;
import io.multilens.workflow.run.WorkflowRunner;
import io.multilens.workflow.yaml.YamlReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing lost, nothing escapes: each case an adversarial user tried, the victim file checked untouched. */
class OutputSafetyTest {

    @TempDir
    Path dir;

    private final TestPlugins plugins = new TestPlugins();
    private final List<String> log = new ArrayList<>();

    private static final String FLOW = """
            name: chain
            steps:
              - id: make
                uses: produce
                with:
                  value: 21
              - id: double
                uses: consume
                with:
                  number: ${steps.make.number}
            """;

    private Plan plan(String text) throws Exception {
        Path file = dir.resolve("flow.yaml");
        Files.writeString(file, text);
        WorkflowValidator.Result v = new WorkflowValidator(plugins).validate(new WorkflowParser().parse(file, text).workflow(),
                Map.of());
        assertTrue(v.ok(), v.errors().toString());
        return v.plan();
    }

    private RunReport run(Plan plan, Path out) throws Exception {
        return new WorkflowRunner((d, dev, dtype) -> {
            throw new AssertionError("no model needed");
        }, log::add, () -> false).run(plan, out, false);
    }

    private List<WorkflowError> errors(String text) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, text);
        WorkflowParser.Result parsed = new WorkflowParser().parse(file, text);
        if (!parsed.ok()) {
            return parsed.errors();
        }
        return new WorkflowValidator(plugins).validate(parsed.workflow(), Map.of()).errors();
    }

    @Test
    void anOutThatContainsAnInputIsRefusedAndTheInputIsUntouched() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path victim = Files.writeString(data.resolve("n.txt"), "1");
        Plan plan = plan(FLOW.replace("number: ${steps.make.number}", "number: ${steps.make.number}\n      extra: data/n.txt"));
        StepFailure f = assertThrows(StepFailure.class, () -> run(plan, dir));
        assertTrue(f.getMessage().contains("contains the workflow's input"), f.getMessage());
        Plan folderInput = plan(FLOW.replace("number: ${steps.make.number}", "number: ${steps.make.number}\n      extra: data"));
        StepFailure inside = assertThrows(StepFailure.class, () -> run(folderInput, data.resolve("out")));
        assertTrue(inside.getMessage().contains("is inside the workflow's input"), inside.getMessage());
        assertEquals("1", Files.readString(victim));
        assertFalse(Files.exists(data.resolve("out")));
    }

    @Test
    void aFolderMultilensDidNotWriteIsNeverReplaced() throws Exception {
        Path victim = Files.writeString(Files.createDirectories(dir.resolve("out/make")).resolve("important.txt"), "keep");
        RunReport r = run(plan(FLOW), dir.resolve("out"));
        assertEquals(Status.FAILED, r.steps().get(0).status());
        assertTrue(r.steps().get(0).message().contains("was not written by multilens"), r.steps().get(0).message());
        assertEquals("keep", Files.readString(victim));
    }

    @Test
    void aSecondRunIntoTheSameOutIsRefusedWhileTheFirstHoldsIt() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        try (FileChannel ch = FileChannel.open(out.resolve(".multilens.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = ch.lock()) {
            ch.write(java.nio.ByteBuffer.wrap("pid 4242 on elsewhere since yesterday".getBytes()));
            StepFailure f = assertThrows(StepFailure.class, () -> run(plan(FLOW), out));
            assertTrue(f.getMessage().contains("in use by another multilens run (pid 4242 on elsewhere"), f.getMessage());
        }
        // the holder is gone: its lock file is stale and the next run takes it over
        assertFalse(run(plan(FLOW), out).failed());
        assertEquals(0, Files.size(out.resolve(".multilens.lock")), "released: no holder named");
    }

    /** Nothing is written through a link out of OUT: the lock, the run log and step folders. */
    @Test
    void symbolicLinksInOutAreNeverFollowed() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.createSymbolicLink(out.resolve(".multilens.lock"), victim);
        StepFailure lock = assertThrows(StepFailure.class, () -> run(plan(FLOW), out));
        assertTrue(lock.getMessage().contains(".multilens.lock is a symbolic link"), lock.getMessage());
        assertEquals("precious", Files.readString(victim), "the link's target is not truncated");

        Files.delete(out.resolve(".multilens.lock"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(out.resolve("logs"), elsewhere);
        StepFailure logs = assertThrows(StepFailure.class, () -> run(plan(FLOW), out));
        assertTrue(logs.getMessage().contains("logs is a symbolic link"), logs.getMessage());
        assertFalse(Files.exists(elsewhere.resolve("run.log")), "no log written outside OUT");

        Files.delete(out.resolve("logs"));
        Files.createDirectories(out.resolve("logs"));
        Files.createSymbolicLink(out.resolve("logs/run.log"), victim);
        assertThrows(StepFailure.class, () -> run(plan(FLOW), out));
        assertEquals("precious", Files.readString(victim), "nothing appended to the link's target");
    }

    @Test
    void resumingNoticesAnOutputDeletedOrEditedSince() throws Exception {
        Path out = dir.resolve("out");
        Plan plan = plan(FLOW);
        assertFalse(run(plan, out).failed());
        Files.writeString(out.resolve("double/result.txt"), "edited");
        RunReport edited = run(plan, out);
        assertEquals(List.of(Status.UP_TO_DATE, Status.RAN), edited.steps().stream().map(s -> s.status()).toList());
        assertEquals("42", Files.readString(out.resolve("double/result.txt")));
        Files.delete(out.resolve("make/number.txt"));
        RunReport deleted = run(plan, out);
        assertEquals(Status.RAN, deleted.steps().get(0).status());
        assertTrue(log.stream().anyMatch(l -> l.contains("is missing or changed")), log.toString());
    }

    @Test
    void foldersLeftByAKilledRunAreRemovedAndAFileIsNoOut() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve(".make.tmp-123/partial"));
        assertFalse(run(plan(FLOW), out).failed());
        assertFalse(Files.exists(out.resolve(".make.tmp-123")));
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        StepFailure f = assertThrows(StepFailure.class, () -> run(plan(FLOW), file));
        assertTrue(f.getMessage().contains("is a file"), f.getMessage());
    }

    @Test
    void languageCodesThatWouldLeaveTheResultsFolderAndOutOfRangeValuesFailValidation() throws Exception {
        List<WorkflowError> e = errors(FLOW.replace("value: 21", "value: 21\n      languages: [en, \"../../x/model\"]\n"
                + "      skip_documents: -3"));
        assertEquals(2, e.size(), e.toString());
        assertTrue(e.get(0).toString().contains("'../../x/model', which is not a language code"), e.toString());
        assertTrue(e.get(0).toString().contains("bad.yaml:7:"), e.toString());
        assertTrue(e.get(1).toString().contains("'skip_documents' is -3; it must be >= 0"), e.toString());
    }

    @Test
    void aTypoInAParametersOwnKeyAndAnUnclosedReferenceAreNamedWhereTheyAre() throws Exception {
        List<WorkflowError> typo = errors("name: t\nparams:\n  n: {tpye: integer, default: 3}\nsteps:\n  - id: make\n"
                + "    uses: produce\n");
        assertTrue(typo.get(0).toString().contains("bad.yaml:3:7") && typo.get(0).toString().contains("did you mean type?"),
                typo.toString());
        List<WorkflowError> open = errors("name: t\nparams:\n  n: 3\nsteps:\n  - id: make\n    uses: produce\n"
                + "    with:\n      languages: [\"${params.n\"]\n");
        assertTrue(open.get(0).toString().contains("'${params.n' is missing its closing '}'"), open.toString());
    }

    @Test
    void aliasBombsDeepNestingAndTabsAreRefusedInMilliseconds() throws Exception {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            String prev = String.valueOf((char) (c - 1));
            bomb.append(c).append(": &").append(c).append(" [*").append(prev).append(", *").append(prev).append(", *")
                    .append(prev).append(", *").append(prev).append(", *").append(prev).append(", *").append(prev)
                    .append(", *").append(prev).append(", *").append(prev).append(", *").append(prev).append("]\n");
        }
        long t0 = System.nanoTime();
        List<WorkflowError> e = errors(bomb.toString());
        assertTrue((System.nanoTime() - t0) / 1e6 < 2000, "took too long");
        assertTrue(e.get(0).toString().contains("alias bomb"), e.toString());
        assertTrue(errors("x: " + "[".repeat(80) + "]".repeat(80) + "\n").get(0).toString()
                .contains("nested more than " + YamlReader.MAX_DEPTH), "depth");
        List<WorkflowError> tab = errors("name: x\nsteps:\n\t- id: a\n");
        assertTrue(tab.get(0).toString().contains("bad.yaml:3:1") && tab.get(0).toString().contains("a tab indents"),
                tab.toString());
    }
}
