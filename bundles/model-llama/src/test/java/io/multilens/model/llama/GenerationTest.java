package io.multilens.model.llama;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.model.GenerationOptions;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Greedy generation: KV cache against recomputation, batches against single prompts, EOS and stop strings. */
class GenerationTest {

    private static final GenerationOptions TWELVE = new GenerationOptions(12, List.of(), false);

    /** Prompts of three different lengths cut from the fixture documents. */
    private static int[][] prompts(String fixture) {
        int[][] docs = Fixtures.documents(fixture);
        return new int[][] {Arrays.copyOf(docs[1], 11), Arrays.copyOf(docs[0], 4), Arrays.copyOfRange(docs[1], 5, 12)};
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN2, Fixtures.QWEN3, Fixtures.PHI3})
    void cacheGivesTheSameTokensAsRecomputing(String fixture) {
        int[][] prompts = prompts(fixture);
        try (LanguageModel model = Fixtures.load(fixture)) {
            int[][] cached = model.generateIds(prompts, TWELVE, Intervention.NONE);
            int[][] recomputed = model.generateIds(prompts, TWELVE.withCache(false), Intervention.NONE);
            for (int r = 0; r < prompts.length; r++) {
                assertEquals(12, cached[r].length);
                assertArrayEquals(recomputed[r], cached[r], "row " + r);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN2, Fixtures.QWEN3, Fixtures.PHI3})
    void batchedPromptsGiveWhatEachGivesAlone(String fixture) {
        int[][] prompts = prompts(fixture);
        try (LanguageModel model = Fixtures.load(fixture)) {
            int[][] batched = model.generateIds(prompts, TWELVE, Intervention.NONE);
            for (int r = 0; r < prompts.length; r++) {
                int[][] alone = model.generateIds(new int[][] {prompts[r]}, TWELVE, Intervention.NONE);
                assertArrayEquals(alone[0], batched[r], "row " + r);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN2, Fixtures.QWEN3, Fixtures.PHI3})
    void firstTokenIsTheArgmaxOfTheReferenceLogits(String fixture) {
        int[][] docs = Fixtures.documents(fixture);
        int[] lengths = {3, 9, 16};
        int[][] prompts = Arrays.stream(lengths).mapToObj(n -> Arrays.copyOf(docs[1], n)).toArray(int[][]::new);
        try (LanguageModel model = Fixtures.load(fixture)) {
            int[][] ids = model.generateIds(prompts, new GenerationOptions(1, List.of(), false), Intervention.NONE);
            double[][] reference = Fixtures.logits(fixture, 1);
            for (int r = 0; r < prompts.length; r++) {
                assertEquals(argmax(reference[lengths[r] - 1]), ids[r][0], "prompt of " + lengths[r] + " tokens");
            }
        }
    }

    @Test
    void stopsBeforeAnyEosOfTheConfigListOrTheGenerationConfig(@TempDir Path tmp) throws Exception {
        int[][] prompts = prompts(Fixtures.LLAMA);
        int[][] free;
        try (LanguageModel model = Fixtures.load(Fixtures.LLAMA)) {
            free = model.generateIds(prompts, TWELVE, Intervention.NONE);
        }
        int first = free[0][5];
        int second = free[prompts.length - 1][2];
        // config.json names one id as a list and generation_config.json the other: both end a row
        Path dir = Fixtures.copy(Fixtures.LLAMA, tmp.resolve("eos"));
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(dir.resolve("config.json").toFile());
        config.putArray("eos_token_id").add(first);
        Files.writeString(dir.resolve("config.json"), config.toString());
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": [" + second + "], \"bos_token_id\": 1}");
        assertEquals(List.of(first, second), ModelConfig.read(dir).eosTokenIds());
        try (LanguageModel model = Fixtures.load(dir)) {
            int[][] stopped = model.generateIds(prompts, new GenerationOptions(12, List.of(), true), Intervention.NONE);
            int[][] ignored = model.generateIds(prompts, TWELVE, Intervention.NONE);
            for (int r = 0; r < prompts.length; r++) {
                int cut = firstOf(free[r], first, second);
                assertArrayEquals(cut < 0 ? free[r] : Arrays.copyOf(free[r], cut), stopped[r], "row " + r);
                assertArrayEquals(free[r], ignored[r], "stopAtEos=false must ignore EOS, row " + r);
            }
            assertTrue(stopped[0].length <= 5);
            assertTrue(stopped[prompts.length - 1].length <= 2);
            int[][] none = model.generateIds(prompts, new GenerationOptions(0, List.of(), true), Intervention.NONE);
            assertTrue(Arrays.stream(none).allMatch(row -> row.length == 0));
        }
    }

    private static int firstOf(int[] ids, int a, int b) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == a || ids[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void generateDecodesAndCutsAtTheFirstStopString(@TempDir Path tmp) throws Exception {
        Path dir = Fixtures.copy(Fixtures.LLAMA, tmp);
        TestTokenizers.writeNumberedWordLevel(dir.resolve("tokenizer.json"), 300);
        int[][] prompts = prompts(Fixtures.LLAMA);
        try (LanguageModel model = Fixtures.load(dir)) {
            int[][] ids = model.generateIds(prompts, TWELVE, Intervention.NONE);
            String stop = " t" + ids[0][4] + " ";
            List<String> texts = model.generate(prompts, new GenerationOptions(12, List.of(stop), false), Intervention.NONE);
            for (int r = 0; r < prompts.length; r++) {
                String full = model.tokenizer().decode(ids[r]);
                int at = full.indexOf(stop);
                assertEquals(at < 0 ? full : full.substring(0, at), texts.get(r), "row " + r);
            }
            assertTrue(texts.get(0).split(" ").length <= 4, texts.get(0));
        }
    }

    private static int argmax(double[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int indexOf(int[] ids, int id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }
}
