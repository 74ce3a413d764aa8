package io.multilens.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Commands commands = new Commands(new TestPlugins(), (d, dev, dtype) -> {
        throw new AssertionError();
    }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("w.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void exitCodes() throws Exception {
        Path ok = write("name: w\nsteps:\n  - id: a\n    uses: produce\n  - id: b\n    uses: consume\n    with: {number: \"${steps.a.number}\"}\n");
        assertEquals(Commands.OK, commands.validate(ok, List.of()));
        assertEquals(Commands.OK, commands.run(ok, List.of(), dir.resolve("out"), false, () -> false));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("results: " + dir.resolve("out")));

        Path failing = write("name: w\nsteps:\n  - id: a\n    uses: produce\n  - id: b\n    uses: consume\n    with: {number: \"${steps.a.number}\", fail: true}\n");
        assertEquals(Commands.STEP_FAILED, commands.run(failing, List.of(), dir.resolve("out2"), false, () -> false));

        assertEquals(Commands.INVALID, commands.run(dir.resolve("missing.yaml"), List.of(), null, false, () -> false));
        assertEquals(dir.resolve("missing.yaml") + ": no such workflow file", err().strip());
    }

    /** An --out that cannot be made says why, in one line. */
    @Test
    void anUnwritableOutSaysWhy() throws Exception {
        Path ok = write("name: w\nsteps:\n  - id: a\n    uses: produce\n");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertEquals(Commands.INVALID, commands.run(ok, List.of(), file.resolve("out"), false, () -> false));
        assertEquals(1, err().strip().lines().count(), err());
        assertTrue(err().contains("cannot write results (") && !err().contains("Exception"), err());
        assertTrue(err().strip().endsWith("; choose an --out folder you can write to"), err());
        assertEquals("/proc/x: no such file or folder, and none can be created there",
                Commands.reason(new java.nio.file.NoSuchFileException("/proc/x")));
        assertEquals("/root/x: permission denied", Commands.reason(new java.nio.file.AccessDeniedException("/root/x")));
    }

    @Test
    void invalidInputGivesOneLinePerErrorAndNoStackTrace() throws Exception {
        Path bad = write("name: w\nsteps: [\n");
        assertEquals(Commands.INVALID, commands.run(bad, List.of(), null, false, () -> false));
        assertEquals(1, err().strip().lines().count(), err());
        assertTrue(err().startsWith(bad + ":"), err());
        assertFalse(err().contains("Exception"), err());

        err.reset();
        Path ok = write("name: w\nsteps:\n  - id: a\n    uses: produce\n");
        assertEquals(Commands.INVALID, commands.run(ok, List.of("novalue"), null, false, () -> false));
        assertTrue(err().contains("--set novalue: expected name=value"), err());
    }

    @Test
    void pluginsListsAndDescribes() {
        assertEquals(Commands.OK, commands.plugins(null));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("produce"));
        assertEquals(Commands.OK, commands.plugins("produce"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("mode (string), default plain, one of plain|fancy"));
        assertEquals(Commands.INVALID, commands.plugins("produc"));
        assertTrue(err().contains("did you mean produce?"), err());
    }
}
