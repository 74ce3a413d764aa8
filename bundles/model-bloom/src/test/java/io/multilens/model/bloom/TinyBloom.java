package io.multilens.model.bloom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.model.TrainableModel;
import io.multilens.api.model.LoadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tiny-bloom golden fixture (testdata/fixtures) and its float64 reference values. */
final class TinyBloom {

    private static JsonNode expected;

    private TinyBloom() {
    }

    static Path dir() {
        String root = System.getProperty("multilens.repo");
        Path repo = root != null ? Path.of(root) : Path.of("../..").toAbsolutePath().normalize();
        return repo.resolve("testdata/fixtures/tiny-bloom");
    }

    static TrainableModel load(Path dir) {
        return (TrainableModel) new BloomBackend().load(dir, LoadOptions.of("cpu"));
    }

    static synchronized JsonNode expected() {
        if (expected == null) {
            try {
                expected = new ObjectMapper().readTree(dir().resolve("expected.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return expected;
    }

    static int[][] documents() {
        JsonNode docs = expected().get("documents");
        int[][] out = new int[docs.size()][];
        for (int d = 0; d < out.length; d++) {
            out[d] = new int[docs.get(d).size()];
            for (int i = 0; i < out[d].length; i++) {
                out[d][i] = docs.get(d).get(i).asInt();
            }
        }
        return out;
    }

    /** logits[d], flattened [T*V]. */
    static double[] logits(int doc) {
        JsonNode rows = expected().get("logits").get(doc);
        int v = rows.get(0).size();
        double[] out = new double[rows.size() * v];
        for (int t = 0; t < rows.size(); t++) {
            for (int i = 0; i < v; i++) {
                out[t * v + i] = rows.get(t).get(i).asDouble();
            }
        }
        return out;
    }

    /** max|got - expected| / max|expected| over the first expected.length values of got */
    static double relativeError(float[] got, double[] expected) {
        double err = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            err = Math.max(err, Math.abs(got[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return err / scale;
    }

    /** A writable copy of the fixture folder. */
    static Path copy(Path target) throws IOException {
        Files.createDirectories(target);
        for (String f : new String[] {"config.json", "model.safetensors"}) {
            Files.copy(dir().resolve(f), target.resolve(f));
        }
        return target;
    }
}
