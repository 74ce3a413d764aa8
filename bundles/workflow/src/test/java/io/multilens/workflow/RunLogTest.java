package io.multilens.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every run leaves OUT/logs/run.log: the console's lines timestamped, options, and full stack traces. */
class RunLogTest {

    @TempDir
    Path dir;

    @Test
    void aCrashingPluginsStackTraceIsInTheLogAndNotOnTheConsole() throws Exception {
        PluginRegistry registry = new PluginRegistry(line -> { });
        registry.add(new Step() {
            @Override
            public PluginInfo info() {
                return new PluginInfo("crash", "1.0", PluginKind.UTILITY, "fails inside",
                        List.of(OptionSpec.optional("depth", OptionType.INTEGER, 3L, "how deep")), List.of(), List.of());
            }

            @Override
            public void run(StepContext ctx) {
                ctx.log().accept("about to fail");
                String missing = null;
                missing.length();
            }
        }, "org.example.crash", "1.0.0", 0);
        PluginCatalog catalog = new PluginCatalog() {
            @Override
            public java.util.Optional<Step> find(String name) {
                return registry.find(name);
            }

            @Override
            public java.util.Collection<String> names() {
                return registry.names();
            }
        };
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(console, true, StandardCharsets.UTF_8);
        Commands commands = new Commands(catalog, (d, dev, dtype) -> {
            throw new AssertionError();
        }, print, print);
        Path flow = dir.resolve("flow.yaml");
        Files.writeString(flow, "name: crashing\nsteps:\n  - id: boom\n    uses: crash\n    with: {depth: 5}\n");
        int code = commands.run(flow, List.of(), dir.resolve("out"), false, () -> false);
        String shown = console.toString(StandardCharsets.UTF_8);
        assertEquals(Commands.STEP_FAILED, code, shown);
        Path log = dir.resolve("out/logs/run.log");
        assertTrue(shown.contains("internal error in plugin 'crash': NullPointerException")
                && shown.contains("stack trace in " + log), shown);
        assertFalse(shown.contains("\tat "), "no stack trace on the console: " + shown);
        String written = Files.readString(log);
        assertTrue(written.contains("[boom] stack trace:") && written.contains("java.lang.NullPointerException")
                && written.contains("\tat "), written);
        assertTrue(written.contains("about to fail"), "the plugin's own lines are logged");
        assertTrue(written.contains("[boom] options {\"depth\":5}"), written);
        assertTrue(written.lines().filter(l -> !l.startsWith("\t")).allMatch(l -> l.matches("^\\d{4}-\\d\\d-\\d\\dT.*")),
                "every line is timestamped");
        assertTrue(shown.contains("about to fail"), "normal: the plugin's lines are on the console");

        // quiet: the plugin's own lines only in the log; verbose: the stack trace on the console too
        for (io.multilens.workflow.run.Verbosity v : io.multilens.workflow.run.Verbosity.values()) {
            console.reset();
            new Commands(catalog, (d, dev, dtype) -> {
                throw new AssertionError();
            }, print, print, v).run(flow, List.of(), dir.resolve("out-" + v), false, () -> false);
            String text = console.toString(StandardCharsets.UTF_8);
            assertEquals(v != io.multilens.workflow.run.Verbosity.QUIET, text.contains("about to fail"), v + ": " + text);
            assertEquals(v == io.multilens.workflow.run.Verbosity.VERBOSE, text.contains("\tat "), v + ": " + text);
            assertTrue(text.contains("[boom] FAILED"), v + ": failures always show");
            assertTrue(Files.readString(dir.resolve("out-" + v + "/logs/run.log")).contains("about to fail"), v + ": always logged");
        }
    }
}
