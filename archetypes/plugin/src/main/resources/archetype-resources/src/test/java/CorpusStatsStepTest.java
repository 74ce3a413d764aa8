package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.status.StepFailure;
import io.multilens.testkit.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusStatsStepTest {

    @TempDir
    Path dir;

    private void run(List<String> languages) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        new CorpusStatsStep().run(new TestStepContext(CorpusStatsStep.INFO,
                Map.of("languages", languages, "corpus", "corpus/{lang}.txt"), out, dir, null));
    }

    @Test
    void countsDocumentsAndCharactersPerLanguage() throws Exception {
        Files.createDirectories(dir.resolve("corpus"));
        Files.write(dir.resolve("corpus/en.txt"), List.of("hello world", "", "hi"));
        Files.write(dir.resolve("corpus/zh.txt"), List.of("你好"));
        run(List.of("en", "zh"));
        // blank lines are not documents; characters are code points
        assertEquals(List.of("language,documents,characters,mean_characters", "en,2,13,6.500", "zh,1,2,2.000"),
                Files.readAllLines(dir.resolve("out/counts.csv")));
    }

    @Test
    void aMissingCorpusFailsNamingTheFile() {
        StepFailure e = assertThrows(StepFailure.class, () -> run(List.of("fr")));
        assertTrue(e.getMessage().contains("fr.txt"), e.getMessage());
    }
}
