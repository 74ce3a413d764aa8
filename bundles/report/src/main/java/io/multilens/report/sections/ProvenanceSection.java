package io.multilens.report.sections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.multilens.report.html.Section;
import io.multilens.report.html.Table;
import io.multilens.report.html.Table.Cell;
import io.multilens.report.run.RunFolder;
import io.multilens.report.run.StepRecord;
import io.multilens.report.svg.Fmt;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where every number came from, per step, from the manifests: plugin and version, when it
 * finished and how long it took, and hashes of its options, inputs, model and data files. Hashes
 * are shortened to 12 hex digits in the table; the full value is on hover.
 */
public final class ProvenanceSection {

    public static final String ID = "provenance";
    private static final int SHORT = 12;
    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ProvenanceSection() {
    }

    public static Section build(RunFolder run) {
        Table steps = new Table("Steps in the order they finished", List.of("step", "plugin", "version", "finished", "time",
                "options sha256", "inputs", "model", "data files"));
        Table files = new Table("Every file a step hashed (model folders, corpora)", List.of("step", "file", "hash"));
        double total = 0;
        for (StepRecord s : run.steps()) {
            String optionsHash = sha256(canonical(s.options()));
            String model = s.options().path("model").asText("");
            String modelHash = "";
            Map<String, String> data = new TreeMap<>();
            for (var it = s.files().fields(); it.hasNext(); ) {
                var f = it.next();
                if (!model.isEmpty() && (f.getKey().equals(model) || f.getKey().endsWith(stripDots(model)))) {
                    modelHash = f.getValue().asText();
                } else {
                    data.put(f.getKey(), f.getValue().asText());
                }
                files.row(List.of(Cell.text(s.id()), Cell.text(f.getKey()), Cell.code(f.getValue().asText(), f.getValue().asText())));
            }
            List<String> inputs = new ArrayList<>();
            s.inputs().fields().forEachRemaining(e -> inputs.add(e.getKey() + " " + shortHash(e.getValue().path("hash").asText(""))));
            String dataCombined = data.isEmpty() ? "" : data.size() + " files, " + shortHash(sha256(data.toString()));
            steps.row(List.of(Cell.text(s.id()), Cell.text(s.plugin()), Cell.text(s.version()), Cell.code(shortTime(s.finished()), s.finished()),
                    Double.isNaN(s.seconds()) ? Cell.text("") : Cell.num(Fmt.duration(s.seconds())),
                    Cell.code(shortHash(optionsHash), optionsHash),
                    Cell.code(String.join(", ", inputs), s.inputs().toString()),
                    Cell.code(modelHash.isEmpty() ? "" : Path.of(model).getFileName() + " " + shortHash(modelHash), model + " " + modelHash),
                    Cell.code(dataCombined, String.join("\n", data.keySet()))));
            if (!Double.isNaN(s.seconds())) {
                total += s.seconds();
            }
        }
        String intro = run.steps().size() + " steps, " + Fmt.duration(total) + " of step time in all. "
                + "The options hash is the SHA-256 of the step's options as canonical JSON (keys sorted), the same options the "
                + "engine fingerprints to decide whether a step is up to date.";
        return new Section(ID, "Provenance", intro, List.of(), List.of(steps, files));
    }

    /** The step's options as JSON with sorted keys, so equal options always give equal hashes. */
    static String canonical(JsonNode options) {
        try {
            Object plain = CANONICAL.treeToValue(options, Object.class);
            return CANONICAL.writeValueAsString(plain);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String text) {
        return "sha256:" + io.multilens.api.data.Sha256.hex(text);
    }

    /** "2026-11-26T16:21:02.737575676Z" -> "2026-11-26 16:21:02 UTC"; unparsable text as is. */
    static String shortTime(String instant) {
        try {
            return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC).format(Instant.parse(instant));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    private static String shortHash(String hash) {
        String hex = hash.startsWith("sha256:") ? hash.substring("sha256:".length()) : hash;
        return hex.length() > SHORT ? hex.substring(0, SHORT) : hex;
    }

    /** "../models/x" -> "models/x": a relative option value matches the resolved file key by its tail. */
    private static String stripDots(String path) {
        String p = path;
        while (p.startsWith("../") || p.startsWith("./")) {
            p = p.substring(p.indexOf('/') + 1);
        }
        return "/" + p;
    }
}
