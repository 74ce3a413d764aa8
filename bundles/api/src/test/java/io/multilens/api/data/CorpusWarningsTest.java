package io.multilens.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a step must say about the text it got, and names that may not become paths. */
class CorpusWarningsTest {

    @Test
    void fewerDocumentsThanAskedAreSaidWithTheCountUsed() {
        String w = CorpusWarnings.shortfall(Path.of("c/th.txt"), 37, 900, 100).orElseThrow();
        assertTrue(w.contains("37 documents after skipping 900, fewer than the 100 asked for; results use 37"), w);
        assertEquals(Optional.empty(), CorpusWarnings.shortfall(Path.of("c/th.txt"), 100, 900, 100));
        assertEquals(Optional.empty(), CorpusWarnings.shortfall(Path.of("c/th.txt"), 37, 0, 0), "max 0 means all");
    }

    @Test
    void documentsPastTheModelsPositionsAreCounted() {
        List<int[]> docs = List.of(new int[10], new int[600], new int[513]);
        String w = CorpusWarnings.overLength("th", docs, 512).orElseThrow();
        assertTrue(w.startsWith("th: 2 of 3 documents are longer than the model's max_position_embeddings (512)"), w);
        assertEquals(Optional.empty(), CorpusWarnings.overLength("th", List.of(new int[512]), 512));
    }

    @Test
    void languageCodesAreFileNamesOrRefused() {
        assertEquals("zh-Hant", SafeName.require("language code", "zh-Hant"));
        for (String bad : List.of("../../x/model", "..", ".hidden", "a/b", "", "x".repeat(65))) {
            assertTrue(!SafeName.isSafe(bad), bad);
        }
        StepFailure f = org.junit.jupiter.api.Assertions.assertThrows(StepFailure.class,
                () -> LineCorpus.file(Path.of("data/{lang}.txt"), "../../x/model"));
        assertTrue(f.getMessage().contains("'../../x/model' cannot be used as a file name"), f.getMessage());
    }
}
