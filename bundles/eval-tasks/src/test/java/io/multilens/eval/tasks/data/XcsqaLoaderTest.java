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

class XcsqaLoaderTest {

    @TempDir
    Path dir;

    @Test
    void readsDevJsonl() {
        Path file = TestData.resource("xcsqa/en/dev.jsonl");
        List<ChoiceQuestion> en = XcsqaLoader.read(file);
        assertEquals(3, en.size());
        ChoiceQuestion first = en.get(0);
        assertEquals("q-en-1", first.example().id());
        assertEquals("Where would you keep milk cold?", first.example().field("question"));
        assertEquals(1, first.answer());
        assertEquals("refrigerator", first.example().field("answer"));
        assertEquals("B", first.example().field("answer_label"));
        assertEquals("A. oven\nB. refrigerator\nC. desk\nD. garden\nE. roof", first.example().field("choices"));
        assertEquals(List.of("A", "B", "C", "D", "E"), first.options().stream().map(Example::id).toList());
        assertEquals("scissors", en.get(1).options().get(2).field("text"));
        // the blank third line is skipped; the fourth line keeps its number
        assertTrue(en.get(2).example().where().endsWith("dev.jsonl:4"), en.get(2).example().where());
    }

    @Test
    void malformedLinesNameFileAndLine() throws Exception {
        String good = "{\"id\": \"1\", \"question\": {\"stem\": \"S?\", \"choices\": [{\"label\": \"A\", \"text\": \"a\"},"
                + " {\"label\": \"B\", \"text\": \"b\"}]}, \"answerKey\": \"A\"}\n";
        Path file = dir.resolve("dev.jsonl");

        Files.writeString(file, good + good.replace(", \"answerKey\": \"A\"", ""));
        StepFailure f = assertThrows(StepFailure.class, () -> XcsqaLoader.read(file));
        assertTrue(f.getMessage().startsWith(file + ":2: no \"answerKey\""), f.getMessage());

        Files.writeString(file, good + good + good.replace("\"answerKey\": \"A\"", "\"answerKey\": \"Z\""));
        f = assertThrows(StepFailure.class, () -> XcsqaLoader.read(file));
        assertTrue(f.getMessage().startsWith(file + ":3: answerKey 'Z' is none of the labels"), f.getMessage());

        Files.writeString(file, "{\"id\": \"1\", \"question\": \n");
        f = assertThrows(StepFailure.class, () -> XcsqaLoader.read(file));
        assertTrue(f.getMessage().startsWith(file + ":1: not valid JSON"), f.getMessage());

        Files.writeString(file, good.replace("\"stem\": \"S?\", ", ""));
        f = assertThrows(StepFailure.class, () -> XcsqaLoader.read(file));
        assertEquals(file + ":1: question.stem is missing or not text", f.getMessage());
    }
}
