package io.multilens.report.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A run's OUT folder: every {@code <step>/manifest.json} of format {@code multilens.step/1},
 * in the order the steps finished. Hidden folders (a running step's {@code .<id>.tmp-*}, resume
 * state) and earlier reports are not results and are skipped.
 */
public final class RunFolder {

    public static final String STEP_FORMAT = "multilens.step/1";
    /** The plugin name of this bundle's step; its own earlier output is not a result to report. */
    public static final String REPORT_PLUGIN = "report";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final List<StepRecord> steps;
    private final Problems problems;

    private RunFolder(Path dir, List<StepRecord> steps, Problems problems) {
        this.dir = dir;
        this.steps = List.copyOf(steps);
        this.problems = problems;
    }

    public static RunFolder scan(Path dir, Problems problems) throws IOException {
        List<StepRecord> steps = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.sorted().toList()) {
                Path manifest = child.resolve("manifest.json");
                if (child.getFileName().toString().startsWith(".") || !Files.isRegularFile(manifest)) {
                    continue;
                }
                read(child, manifest, problems).filter(s -> !s.plugin().equals(REPORT_PLUGIN)).ifPresent(steps::add);
            }
        }
        // ISO-8601 instants of one format sort as text; steps without a time keep folder order at the end
        steps.sort(Comparator.comparing((StepRecord s) -> s.finished().isEmpty() ? "~" : s.finished()));
        return new RunFolder(dir, steps, problems);
    }

    private static Optional<StepRecord> read(Path dir, Path manifest, Problems problems) {
        JsonNode m;
        try {
            m = JSON.readTree(manifest.toFile());
        } catch (IOException e) {
            problems.add(manifest + ": not readable JSON (" + firstLine(e) + "); step left out");
            return Optional.empty();
        }
        if (m == null || !STEP_FORMAT.equals(m.path("format").asText())) {
            problems.add(manifest + ": not a step manifest (expected \"format\": \"" + STEP_FORMAT + "\"); step left out");
            return Optional.empty();
        }
        JsonNode fp = m.path("fingerprint");
        Map<String, String> outputs = new LinkedHashMap<>();
        m.path("outputs").fields().forEachRemaining(e -> outputs.put(e.getKey(), e.getValue().asText()));
        String id = m.path("step").asText(dir.getFileName().toString());
        return Optional.of(new StepRecord(id, dir, fp.path("plugin").asText("?"), fp.path("version").asText(""),
                fp.path("options"), fp.path("inputs"), fp.path("files"), outputs, m.path("finished").asText(""),
                m.path("seconds").isNumber() ? m.path("seconds").asDouble() : Double.NaN,
                m.path("fingerprint_sha256").asText("")));
    }

    public Path dir() {
        return dir;
    }

    public List<StepRecord> steps() {
        return steps;
    }

    public Problems problems() {
        return problems;
    }

    public List<StepRecord> byPlugin(String plugin) {
        return steps.stream().filter(s -> s.plugin().equals(plugin)).toList();
    }

    /** A step's JSON file, parsed; an unreadable one is noted as a problem and gives empty. */
    public Optional<JsonNode> json(StepRecord step, Path file) {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return Optional.ofNullable(node);
        } catch (IOException e) {
            problems.add(step.id() + ": " + dir.relativize(file) + " is not readable JSON (" + firstLine(e) + ")");
            return Optional.empty();
        }
    }

    private static String firstLine(Exception e) {
        String msg = String.valueOf(e.getMessage());
        return msg.lines().findFirst().orElse(msg);
    }
}
