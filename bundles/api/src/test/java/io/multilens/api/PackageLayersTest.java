package io.multilens.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API's packages form layers, each using only those below it, so no two packages can be
 * versioned or read apart from each other's changes: status, data, neurons, model, plugin (stats
 * stands alone). Read from the sources: a reference by full name counts as much as an import.
 */
class PackageLayersTest {

    private static final List<String> LAYERS = List.of("status", "data", "neurons", "model", "plugin");
    private static final Pattern USE = Pattern.compile("io\\.multilens\\.api\\.(\\w+)\\.[A-Z]");

    @Test
    void everyPackageUsesOnlyTheLayersBelowIt() throws IOException {
        Map<String, TreeSet<String>> uses = uses(Path.of("src/main/java/io/multilens/api"));
        assertEquals(new TreeSet<>(List.of("data", "model", "neurons", "plugin", "stats", "status")), new TreeSet<>(uses.keySet()));
        for (var e : uses.entrySet()) {
            String from = e.getKey();
            for (String to : e.getValue()) {
                assertTrue(LAYERS.contains(from) && LAYERS.indexOf(to) >= 0 && LAYERS.indexOf(to) < LAYERS.indexOf(from),
                        "io.multilens.api." + from + " uses io.multilens.api." + to + ", a package not below it");
            }
        }
    }

    private static Map<String, TreeSet<String>> uses(Path root) throws IOException {
        Map<String, TreeSet<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String from = root.relativize(f.getParent()).toString();
                TreeSet<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher m = USE.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        to.add(m.group(1));
                    }
                }
            }
        }
        return uses;
    }
}
