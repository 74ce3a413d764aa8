package io.multilens.plnd.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.plnd.Fixtures;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both scorers against the float64 reference values in expected.json (BLOOM: the paper's only), one document per forward
 * pass and both documents in one right-padded batch; every group of every layer, compared as
 * |a-b| <= 1e-4 * max|expected| per group and document.
 */
class FixtureScoresTest {

    private static final double TOLERANCE = 1e-4;
    private static final Map<String, LanguageModel> MODELS = new TreeMap<>();

    @BeforeAll
    static void load() {
        for (String name : new String[] {Fixtures.LLAMA, Fixtures.QWEN2, Fixtures.BLOOM, Fixtures.QWEN3, Fixtures.GEMMA2, Fixtures.GEMMA3, Fixtures.PHI3}) {
            MODELS.put(name, Fixtures.load(Fixtures.dir(name)));
        }
    }

    @AfterAll
    static void close() {
        MODELS.values().forEach(LanguageModel::close);
    }

    static Stream<Arguments> cases() {
        Stream<Arguments> rotary = Stream.of(Fixtures.LLAMA, Fixtures.QWEN2).flatMap(f -> Stream.of(ScoreMode.values())
                .flatMap(m -> Stream.of(Arguments.of(f, m, false), Arguments.of(f, m, true))));
        // BLOOM's, Qwen3's (q/k norms) and Gemma-2's (soft-capped scores) references have the
        // paper's scores only (the released code is Llama's)
        Stream<Arguments> paperOnly = Stream.of(Fixtures.BLOOM, Fixtures.QWEN3, Fixtures.GEMMA2, Fixtures.GEMMA3, Fixtures.PHI3).flatMap(f -> Stream.of(
                Arguments.of(f, ScoreMode.PAPER, false), Arguments.of(f, ScoreMode.PAPER, true)));
        return Stream.concat(rotary, paperOnly);
    }

    @ParameterizedTest(name = "{0} {1} batched={2}")
    @MethodSource("cases")
    void reproducesReference(String fixture, ScoreMode mode, boolean batched) throws Exception {
        LanguageModel model = MODELS.get(fixture);
        JsonNode expected = Fixtures.expected(fixture);
        int[][] docs = Fixtures.documents(expected);
        String key = mode == ScoreMode.PAPER ? "plnd_paper" : "plnd_release_code";
        // a small chunk so that q/k scoring really goes through several chunks
        ImportanceScorer scorer = mode.scorer(new WeightStats(model.config(), model::weights), 3);
        Map<String, Double> worst = new TreeMap<>();
        if (batched) {
            Map<NeuronGroup, float[][]> scores = score(model, scorer, mode, docs);
            for (int d = 0; d < docs.length; d++) {
                compare(Fixtures.scores(expected, key, d), scores, d, worst);
            }
        } else {
            for (int d = 0; d < docs.length; d++) {
                Map<NeuronGroup, float[][]> scores = score(model, scorer, mode, new int[][] {docs[d]});
                compare(Fixtures.scores(expected, key, d), scores, 0, worst);
            }
        }
        System.out.printf("max relative error %s %s batched=%s: %s%n", fixture, mode.key(), batched, worst);
        assertEquals(mode.structures().size(), worst.size(), "structures compared: " + worst.keySet());
        worst.forEach((s, e) -> assertTrue(e <= TOLERANCE, s + ": relative error " + e));
    }

    private static Map<NeuronGroup, float[][]> score(LanguageModel model, ImportanceScorer scorer, ScoreMode mode,
                                                     int[][] docs) {
        CollectingSink sink = new CollectingSink();
        ScoringProbe probe = new ScoringProbe(scorer, mode.structures(), sink);
        try (NDManager scope = model.manager().newSubManager()) {
            model.trace(scope, docs, Intervention.NONE, probe);
        }
        return sink.scores;
    }

    /** Every expected group must have been scored with the same length; records the worst error per structure. */
    private static void compare(Map<String, double[]> expected, Map<NeuronGroup, float[][]> actual, int row,
                                Map<String, Double> worst) {
        assertEquals(expected.size(), actual.size(), "groups: expected " + expected.keySet() + ", got " + actual.keySet());
        expected.forEach((key, want) -> {
            float[][] got = actual.get(NeuronGroup.parse(key));
            assertEquals(want.length, got[row].length, key + " length");
            double scale = 0;
            double diff = 0;
            for (int i = 0; i < want.length; i++) {
                scale = Math.max(scale, Math.abs(want[i]));
                diff = Math.max(diff, Math.abs(want[i] - got[row][i]));
            }
            assertTrue(scale > 0, key + ": reference is all zero");
            worst.merge(NeuronGroup.parse(key).structure().key(), diff / scale, Math::max);
        });
    }
}
