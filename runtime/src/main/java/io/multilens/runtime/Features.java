package io.multilens.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The distribution's features: each a folder of {@code bundle/} ({@code core}, {@code analysis}, …).
 * {@code conf/features} names those installed, one per line; {@code --features} overrides it.
 */
final class Features {

    /** The chosen features and every one the distribution has. */
    record Choice(List<String> installed, List<String> available) {
        List<Path> folders(Path home) {
            return installed.stream().map(f -> home.resolve("bundle").resolve(f)).toList();
        }
    }

    private Features() {
    }

    /** @throws IllegalArgumentException naming an unknown feature and the available ones */
    static Choice choose(Path home, List<String> requested) throws IOException {
        List<String> available = new ArrayList<>();
        Path bundles = home.resolve("bundle");
        if (Files.isDirectory(bundles)) {
            try (Stream<Path> s = Files.list(bundles)) {
                s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(available::add);
            }
        }
        List<String> wanted = requested != null ? requested : configured(home);
        for (String f : wanted) {
            if (!available.contains(f)) {
                throw new IllegalArgumentException("feature '" + f + "' is not in this distribution (" + bundles
                        + "); available: " + String.join(", ", available));
            }
        }
        if (!wanted.contains("core") && available.contains("core")) {
            throw new IllegalArgumentException("features " + wanted + " leave out 'core', which every run needs; add it");
        }
        return new Choice(List.copyOf(wanted), List.copyOf(available));
    }

    /** conf/features, or every feature when the file is missing. */
    private static List<String> configured(Path home) throws IOException {
        Path file = home.resolve("conf/features");
        if (!Files.isRegularFile(file)) {
            List<String> all = new ArrayList<>();
            if (!Files.isDirectory(home.resolve("bundle"))) {
                throw new IllegalArgumentException(home.resolve("bundle") + ": no bundle folder; the distribution is incomplete");
            }
            try (Stream<Path> s = Files.list(home.resolve("bundle"))) {
                s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(all::add);
            }
            return all;
        }
        return Files.readAllLines(file).stream().map(l -> l.replace("\uFEFF", "").replaceAll("#.*", "").trim())
                .filter(l -> !l.isEmpty()).distinct().toList();
    }
}
