package io.multilens.model.llama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.model.LanguageModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The golden fixtures under testdata/fixtures and their float64 reference values. */
final class Fixtures {

    static final String LLAMA = "tiny-llama";
    static final String QWEN2 = "tiny-qwen2-bf16";
    static final String QWEN3 = "tiny-qwen3";
    /** Written for multilens from transformers' modeling_phi3 semantics (reference.py beside it). */
    static final String PHI3 = "tiny-phi3";

    private static final Map<String, JsonNode> EXPECTED = new HashMap<>();

    private Fixtures() {
    }

    static Path repo() {
        String root = System.getProperty("multilens.repo");
        if (root != null) {
            return Path.of(root);
        }
        // outside Maven (an IDE): walk up to the folder that holds testdata/
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata/fixtures"))) {
                return p;
            }
        }
        throw new IllegalStateException("set -Dmultilens.repo to the repository root");
    }

    static Path dir(String fixture) {
        return repo().resolve("testdata/fixtures").resolve(fixture);
    }

    static LanguageModel load(String fixture) {
        return load(dir(fixture));
    }

    static LanguageModel load(Path dir) {
        return new LlamaBackend().load(dir, io.multilens.api.model.LoadOptions.of("cpu"));
    }

    static synchronized JsonNode expected(String fixture) {
        return EXPECTED.computeIfAbsent(fixture, f -> {
            try {
                return new ObjectMapper().readTree(dir(f).resolve("expected.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static int[][] documents(String fixture) {
        JsonNode docs = expected(fixture).get("documents");
        int[][] out = new int[docs.size()][];
        for (int d = 0; d < out.length; d++) {
            out[d] = new int[docs.get(d).size()];
            for (int i = 0; i < out[d].length; i++) {
                out[d][i] = docs.get(d).get(i).asInt();
            }
        }
        return out;
    }

    /** logits[d] as [T][V] */
    static double[][] logits(String fixture, int doc) {
        JsonNode rows = expected(fixture).get("logits").get(doc);
        double[][] out = new double[rows.size()][];
        for (int t = 0; t < out.length; t++) {
            out[t] = new double[rows.get(t).size()];
            for (int v = 0; v < out[t].length; v++) {
                out[t][v] = rows.get(t).get(v).asDouble();
            }
        }
        return out;
    }

    /** One key of plnd_paper / plnd_release_code for a document. */
    static double[] scores(String fixture, String kind, int doc, String key) {
        JsonNode v = expected(fixture).get(kind).get(doc).get(key);
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).asDouble();
        }
        return out;
    }

    /** A writable copy of a fixture folder. */
    static Path copy(String fixture, Path target) {
        try (Stream<Path> files = Files.list(dir(fixture))) {
            Files.createDirectories(target);
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** max|got - expected| / max|expected| */
    static double relativeError(float[] got, double[] expected) {
        if (got.length != expected.length) {
            throw new AssertionError("length " + got.length + " != " + expected.length);
        }
        double err = 0;
        for (int i = 0; i < got.length; i++) {
            err = Math.max(err, Math.abs(got[i] - expected[i]));
        }
        return err / maxAbs(expected);
    }

    static double[] flatten(double[][] rows) {
        return Stream.of(rows).flatMapToDouble(java.util.Arrays::stream).toArray();
    }
}
