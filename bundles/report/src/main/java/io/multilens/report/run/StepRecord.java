package io.multilens.report.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One finished step of a run, as its {@code manifest.json} describes it: which plugin made it
 * (the report chooses figures by {@code fingerprint.plugin}), with what options and inputs, and
 * which files it wrote.
 *
 * @param outputs output name to file name inside {@link #dir()}
 * @param seconds NaN when the manifest does not say
 */
public record StepRecord(String id, Path dir, String plugin, String version, JsonNode options, JsonNode inputs,
                         JsonNode files, Map<String, String> outputs, String finished, double seconds,
                         String fingerprintSha256) {

    /** The file behind a named output, when the step wrote it. */
    public Optional<Path> output(String name) {
        String file = outputs.get(name);
        return file == null ? Optional.empty() : existing(dir.resolve(file));
    }

    /** A file in the step's folder, when it exists, whatever the manifest calls it. */
    public Optional<Path> file(String name) {
        return existing(dir.resolve(name));
    }

    private static Optional<Path> existing(Path p) {
        return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }
}
