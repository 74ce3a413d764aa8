package io.multilens.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.status.StepFailure;
import io.multilens.testkit.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Known words in five scripts romanised as ICU's standard transforms do, line for line. */
class TransliterateStepTest {

    @TempDir
    Path dir;

    @Test
    void knownWordsAreRomanisedLineForLineAndTheSummarySaysHowMuch() throws Exception {
        Files.writeString(dir.resolve("ru.txt"), "Москва\n\nПривет, мир!\n");
        Files.writeString(dir.resolve("zh.txt"), "北京\n");
        Files.writeString(dir.resolve("ja.txt"), "こんにちは\n");
        Files.writeString(dir.resolve("th.txt"), "สวัสดี\n");
        Files.writeString(dir.resolve("ar.txt"), "مرحبا\n");
        Files.writeString(dir.resolve("en.txt"), "Already Latin.\n");
        Path out = Files.createDirectories(dir.resolve("out"));
        new TransliterateStep().run(new TestStepContext(TransliterateStep.INFO, Map.of("languages",
                List.of("ru", "zh", "ja", "th", "ar", "en"), "corpus", dir.resolve("{lang}.txt").toString()), out, dir, null));
        // the blank line is not a document: document 1 of the output is document 1 of the input
        assertEquals(List.of("Moskva", "Privet, mir!"), Files.readAllLines(out.resolve("corpus/ru.txt")));
        assertEquals(List.of("bei jing"), Files.readAllLines(out.resolve("corpus/zh.txt")));
        assertEquals(List.of("kon'nichiha"), Files.readAllLines(out.resolve("corpus/ja.txt")));
        assertEquals(List.of("swasdi"), Files.readAllLines(out.resolve("corpus/th.txt")));
        assertEquals(List.of("mrhba"), Files.readAllLines(out.resolve("corpus/ar.txt")));
        assertEquals(List.of("Already Latin."), Files.readAllLines(out.resolve("corpus/en.txt")));
        JsonNode ru = new ObjectMapper().readTree(out.resolve("transliteration.json").toFile()).path("languages").path("ru");
        assertEquals(2, ru.path("documents").asInt());
        assertEquals(0.0, ru.path("latin_letter_share_before").asDouble());
        assertEquals(1.0, ru.path("latin_letter_share_after").asDouble());
        assertEquals("Any-Latin; Latin-ASCII", ru.path("transform").asText());
    }

    @Test
    void aPerLanguageTransformOverridesAndAnUnknownOneIsRefusedByName() throws Exception {
        Files.writeString(dir.resolve("ru.txt"), "Щука\n");
        Path out = Files.createDirectories(dir.resolve("bgn"));
        new TransliterateStep().run(new TestStepContext(TransliterateStep.INFO, Map.of("languages", List.of("ru"),
                "corpus", dir.resolve("{lang}.txt").toString(), "transforms", List.of("ru=Russian-Latin/BGN")), out, dir, null));
        // BGN/PCGN writes Щ as shch (ICU's default Cyrillic-Latin, ISO 9, writes ŝ)
        assertEquals(List.of("Shchuka"), Files.readAllLines(out.resolve("corpus/ru.txt")));
        Path bad = Files.createDirectories(dir.resolve("bad"));
        StepFailure e = assertThrows(StepFailure.class, () -> new TransliterateStep().run(new TestStepContext(
                TransliterateStep.INFO, Map.of("languages", List.of("ru"), "corpus", dir.resolve("{lang}.txt").toString(),
                        "transform", "Klingon-Latin"), bad, dir, null)));
        assertTrue(e.getMessage().contains("transform 'Klingon-Latin' for 'ru': ICU has no such transform"), e.getMessage());
    }
}
