package io.multilens.workflow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated workflows, for a bounded time: every one is valid (exit 0) or invalid with
 * one-line errors (exit 2); nothing throws, nothing prints a stack trace, nothing is written.
 */
class WorkflowFuzzTest {

    private static final long SECONDS = 3;
    private static final String SEED_FLOW = """
            name: fuzz
            params:
              n: {type: integer, default: 21, description: a number}
              langs: [en, zh]
            defaults: &d {value: 3, mode: plain}
            steps:
              - id: make
                uses: produce
                with:
                  <<: *d
                  value: ${params.n}
                  languages: ${params.langs}
                  skip_documents: 2
              - id: double
                uses: consume
                with:
                  number: ${steps.make.number}
                  fail: false
            """;
    private static final String PIECES = "{}[]:-&*!|>'\"#%@`,?\t\n ${}.<<~0123456789abcxyz";

    @TempDir
    Path dir;

    @Test
    void mutatedWorkflowsAreValidOrInvalidNeverACrash() throws Exception {
        Random random = new Random(11);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Commands commands = new Commands(new TestPlugins(), (d, dev, dtype) -> {
            throw new AssertionError("validation loads no model");
        }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        Path file = dir.resolve("w.yaml");
        long end = System.nanoTime() + SECONDS * 1_000_000_000L;
        int cases = 0;
        while (System.nanoTime() < end) {
            String text = mutate(SEED_FLOW, random);
            Files.writeString(file, text);
            err.reset();
            int code = commands.validate(file, List.of());
            String printed = err.toString(StandardCharsets.UTF_8);
            assertTrue(code == Commands.OK || code == Commands.INVALID, "exit " + code + " for:\n" + text);
            assertFalse(printed.contains("\tat ") || printed.contains("Exception"), "stack trace for:\n" + text + "\n" + printed);
            if (code == Commands.INVALID) {
                assertTrue(printed.lines().allMatch(l -> l.startsWith(file.toString())), "unplaced error:\n" + printed);
            }
            cases++;
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.allMatch(p -> p.equals(file)), "validation wrote files");
        }
        System.out.println("workflow fuzz: " + cases + " cases in " + SECONDS + " s");
        assertTrue(cases > 100, "only " + cases + " cases");
    }

    /** A few edits of the seed: characters replaced, inserted, deleted, or lines duplicated. */
    static String mutate(String seed, Random random) {
        StringBuilder s = new StringBuilder(seed);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && s.length() > 0; e++) {
            int at = random.nextInt(s.length());
            char c = PIECES.charAt(random.nextInt(PIECES.length()));
            switch (random.nextInt(4)) {
                case 0 -> s.setCharAt(at, c);
                case 1 -> s.insert(at, c);
                case 2 -> s.deleteCharAt(at);
                default -> {
                    int lineStart = s.lastIndexOf("\n", at) + 1;
                    int lineEnd = s.indexOf("\n", at);
                    if (lineEnd > lineStart) {
                        s.insert(lineStart, s.substring(lineStart, lineEnd + 1));
                    }
                }
            }
        }
        return s.toString();
    }
}
