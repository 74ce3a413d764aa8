package io.multilens.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.data.LineCorpus;
import io.multilens.api.status.StepFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelCorporaTest {

    private static final Path SENTENCES = Path.of(System.getProperty("multilens.repo")).resolve("data/sentences/{lang}.txt");

    @TempDir
    Path dir;

    @Test
    void aBlankLineThatWouldShiftThePairsIsRefusedWithItsPlace() throws Exception {
        Path file = dir.resolve("fr.txt");
        Files.writeString(file, "un\ndeux\n\ntrois\nquatre\n");
        ParallelCorpora.requireNoBlankLines(file, 2);   // the blank line comes after the documents used
        StepFailure e = assertThrows(StepFailure.class, () -> ParallelCorpora.requireNoBlankLines(file, 3));
        assertTrue(e.getMessage().startsWith(file + ":3: a blank line"), e.getMessage());
    }

    @Test
    void translationsKeepTheirLengthsAndUnrelatedLinesDoNot() throws Exception {
        List<String> en = LineCorpus.read(LineCorpus.file(SENTENCES, "en"), 900, 100, null);
        List<String> fr = LineCorpus.read(LineCorpus.file(SENTENCES, "fr"), 900, 100, null);
        List<String> sw = LineCorpus.read(LineCorpus.file(SENTENCES, "sw"), 900, 100, null);
        assertTrue(ParallelCorpora.lengthCorrelation(en, fr) > 0.9, "PUD French pairs with English");
        assertTrue(ParallelCorpora.lengthWarning(Path.of("fr.txt"), "fr", fr, en).isEmpty());
        List<String> shuffled = new ArrayList<>(fr);
        Collections.shuffle(shuffled, new Random(1));
        assertTrue(ParallelCorpora.lengthWarning(Path.of("fr.txt"), "fr", shuffled, en).orElseThrow()
                .contains("the corpora may not be parallel"));
        assertTrue(ParallelCorpora.lengthWarning(Path.of("sw.txt"), "sw", sw, en).isPresent(), "Swahili's corpus is not PUD");
        List<String> warnings = new ArrayList<>();
        ParallelCorpora.check(SENTENCES, Map.of("en", en, "fr", fr, "sw", sw), "en", 900, warnings);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("'sw'"), warnings.toString());
    }
}
