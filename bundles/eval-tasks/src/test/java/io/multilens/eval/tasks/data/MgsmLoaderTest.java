package io.multilens.eval.tasks.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.status.StepFailure;
import io.multilens.eval.tasks.TestData;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MgsmLoaderTest {

    @TempDir
    Path dir;

    @Test
    void readsTheCommittedSample() {
        // lines 1-5 and 250 of the real file
        List<MathProblem> en = MgsmLoader.read(TestData.resource("mgsm/mgsm_en.tsv"));
        assertEquals(6, en.size());
        MathProblem first = en.get(0);
        assertEquals("1", first.example().id());
        assertTrue(first.example().field("question").startsWith("Janet’s ducks lay 16 eggs per day."));
        assertEquals("18", first.example().field("answer"));
        assertEquals(new BigDecimal("18"), first.answer());
        // the last line's gold is written with a thousands separator
        assertEquals("5,600", en.get(5).example().field("answer"));
        assertEquals(0, new BigDecimal("5600").compareTo(en.get(5).answer()));
        assertTrue(en.get(5).example().where().endsWith("mgsm_en.tsv:6"));
    }

    @Test
    void languagesAreParallel() {
        List<BigDecimal> en = MgsmLoader.read(TestData.resource("mgsm/mgsm_en.tsv")).stream().map(MathProblem::answer).toList();
        for (String lang : List.of("zh", "bn", "th")) {
            List<MathProblem> other = MgsmLoader.read(TestData.resource("mgsm/mgsm_" + lang + ".tsv"));
            assertEquals(en, other.stream().map(MathProblem::answer).toList(), lang);
        }
    }

    @Test
    void malformedLinesNameFileAndLine() throws Exception {
        Path noTab = dir.resolve("mgsm_xx.tsv");
        Files.writeString(noTab, "What is 1 + 1?\t2\nWhat is 2 + 2? 4\n");
        StepFailure f = assertThrows(StepFailure.class, () -> MgsmLoader.read(noTab));
        assertTrue(f.getMessage().startsWith(noTab + ":2: expected question<TAB>answer, found 1"), f.getMessage());

        Path notNumber = dir.resolve("mgsm_yy.tsv");
        Files.writeString(notNumber, "What is 1 + 1?\t2\n\nWhat is 2 + 2?\tfour\n");
        f = assertThrows(StepFailure.class, () -> MgsmLoader.read(notNumber));
        assertTrue(f.getMessage().startsWith(notNumber + ":3: the answer 'four' is not a number"), f.getMessage());

        StepFailure missing = assertThrows(StepFailure.class, () -> MgsmLoader.read(dir.resolve("none.tsv")));
        assertTrue(missing.getMessage().contains("none.tsv: file not found; check the option 'data'"), missing.getMessage());
    }

    @Test
    void theFullBenchmarkHas250ProblemsPerLanguage() {
        Path mgsm = TestData.repo().resolve("data/mgsm");
        for (String lang : List.of("bn", "de", "en", "es", "fr", "ja", "ru", "sw", "te", "th", "zh")) {
            assertEquals(250, MgsmLoader.read(mgsm.resolve("mgsm_" + lang + ".tsv")).size(), lang);
            assertEquals(8, MgsmExemplars.read(mgsm.resolve("mgsm_exemplars.json"), lang).size(), lang);
        }
    }
}
