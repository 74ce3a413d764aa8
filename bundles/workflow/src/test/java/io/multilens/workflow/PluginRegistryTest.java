package io.multilens.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several bundles offering one plugin name: the highest version serves, removal falls back, pins choose. */
class PluginRegistryTest {

    @TempDir
    Path dir;

    private static Step step(String name, String label) {
        return new Step() {
            @Override
            public PluginInfo info() {
                return new PluginInfo(name, label, PluginKind.UTILITY, "writes " + label, List.of(), List.of(), List.of());
            }

            @Override
            public void run(StepContext ctx) throws Exception {
                Files.writeString(ctx.outputDir().resolve("who.txt"), label);
            }
        };
    }

    @Test
    void theHighestVersionServesAndRemovingItFallsBack() {
        List<String> log = new ArrayList<>();
        PluginRegistry r = new PluginRegistry(log::add);
        Step old = step("plnd", "old");
        Step fresh = step("plnd", "fresh");
        Step ranked = step("plnd", "ranked");
        r.add(old, "org.example.a", "0.1.5", 0);
        r.add(fresh, "org.example.b", "0.2.0.202611", 0);
        assertEquals(fresh, r.find("plnd").orElseThrow());
        assertEquals("org.example.b 0.2.0.202611", r.origin("plnd"));
        assertTrue(log.get(0).contains("using org.example.b 0.2.0.202611"), log.toString());
        r.add(ranked, "org.example.c", "0.1.5", 10);
        assertEquals(ranked, r.find("plnd@0.1").orElseThrow(), "same version: the higher service ranking");
        assertEquals(fresh, r.find("plnd@[0.2,0.3)").orElseThrow());
        assertEquals(ranked, r.find("plnd@[0.1,0.2)").orElseThrow());
        assertFalse(r.find("plnd@0.3").isPresent());
        r.remove(fresh);
        assertEquals(ranked, r.find("plnd").orElseThrow(), "removing the highest falls back to the next");
        r.remove(ranked);
        r.remove(old);
        assertFalse(r.find("plnd").isPresent());
        assertTrue(r.names().isEmpty());
    }

    @Test
    void aWorkflowPinsAVersionAndAnUnmatchedPinIsNamed() throws Exception {
        PluginRegistry r = new PluginRegistry(line -> { });
        r.add(step("greet", "one"), "org.example.a", "1.0.0", 0);
        r.add(step("greet", "two"), "org.example.b", "2.1.0", 0);
        PluginCatalog catalog = new PluginCatalog() {
            @Override
            public Optional<Step> find(String name) {
                return r.find(name);
            }

            @Override
            public Collection<String> names() {
                return r.names();
            }

            @Override
            public String origin(String name) {
                return r.origin(name);
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        Commands commands = new Commands(catalog, (d, dev, dtype) -> {
            throw new AssertionError();
        }, print, print);
        Path flow = dir.resolve("flow.yaml");
        Files.writeString(flow, "name: pinned\nsteps:\n  - id: a\n    uses: greet@1\n  - id: b\n    uses: greet\n");
        assertEquals(Commands.OK, commands.run(flow, List.of(), dir.resolve("out"), false, () -> false), out.toString());
        assertEquals("one", Files.readString(dir.resolve("out/a/who.txt")), "the pin chose 1.x");
        assertEquals("two", Files.readString(dir.resolve("out/b/who.txt")), "unpinned: the highest version");

        // a newer version of the plugin makes its finished step stale: the next run redoes it with the new one
        r.add(step("greet", "three"), "org.example.c", "3.0.0", 0);
        assertEquals(Commands.OK, commands.run(flow, List.of(), dir.resolve("out"), false, () -> false), out.toString());
        assertEquals("three", Files.readString(dir.resolve("out/b/who.txt")));
        assertEquals("one", Files.readString(dir.resolve("out/a/who.txt")));

        Files.writeString(flow, "name: pinned\nsteps:\n  - id: a\n    uses: greet@4\n");
        out.reset();
        assertEquals(Commands.INVALID, commands.run(flow, List.of(), dir.resolve("out2"), false, () -> false));
        assertTrue(out.toString().contains("flow.yaml:4:5: no installed version of plugin 'greet' matches '4'; installed:"
                + " org.example.c 3.0.0"), out.toString());
    }
}
