package io.multilens.eval.tasks.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.status.StepFailure;
import io.multilens.eval.tasks.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XquadLoaderTest {

    @TempDir
    Path dir;

    @Test
    void readsTheCommittedSample() {
        List<QaItem> en = XquadLoader.read(TestData.resource("xquad/xquad.en.json"));
        assertEquals(5, en.size());
        QaItem first = en.get(0);
        assertEquals("56beb4343aeaaa14008c925b", first.example().id());
        assertEquals("How many points did the Panthers defense surrender?", first.example().field("question"));
        assertEquals(List.of("308"), first.answers());
        assertEquals("308", first.example().field("answer"));
        assertEquals("Super Bowl 50", first.example().field("title"));
        assertTrue(first.example().field("context").contains("308"));
        assertEquals(List.of("Pittsburgh Steelers"), en.get(3).answers());

        List<QaItem> zh = XquadLoader.read(TestData.resource("xquad/xquad.zh.json"));
        assertEquals(en.stream().map(q -> q.example().id()).toList(), zh.stream().map(q -> q.example().id()).toList());
        assertEquals(List.of("136 次"), zh.get(1).answers());
        assertEquals(List.of("พิตต์สเบิร์ก สตีลเลอร์ส"), XquadLoader.read(TestData.resource("xquad/xquad.th.json")).get(3).answers());
    }

    @Test
    void problemsNameTheJsonPathAndQuestionId() throws Exception {
        Path file = dir.resolve("xquad.xx.json");
        Files.writeString(file, """
                {"data": [{"title": "T", "paragraphs": [{"context": "C", "qas": [
                  {"id": "q1", "question": "Q?", "answers": [{"text": "A", "answer_start": 0}]},
                  {"id": "q2", "answers": [{"text": "A", "answer_start": 0}]}]}]}]}""");
        StepFailure f = assertThrows(StepFailure.class, () -> XquadLoader.read(file));
        assertEquals(file + ": data[0].paragraphs[0].qas[1] (id q2): \"question\" is missing or not text", f.getMessage());

        Files.writeString(file, "{\"data\": [");
        f = assertThrows(StepFailure.class, () -> XquadLoader.read(file));
        assertTrue(f.getMessage().startsWith(file + ": not valid JSON"), f.getMessage());
    }

    @Test
    void theFullDatasetHas1190QuestionsPerLanguage() {
        Path xquad = TestData.repo().resolve("data/xquad");
        for (String lang : List.of("ar", "de", "el", "en", "es", "hi", "ro", "ru", "th", "tr", "vi", "zh")) {
            assertEquals(1190, XquadLoader.read(xquad.resolve("xquad." + lang + ".json")).size(), lang);
        }
    }
}
