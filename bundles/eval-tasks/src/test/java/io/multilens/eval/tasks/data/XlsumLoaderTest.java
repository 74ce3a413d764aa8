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

class XlsumLoaderTest {

    @TempDir
    Path dir;

    @Test
    void readsXlsumJsonl() {
        List<Example> en = XlsumLoader.read(TestData.resource("xlsum/english_test.jsonl"));
        assertEquals(3, en.size());
        assertEquals("en-2", en.get(1).id());
        assertEquals("Rain expected this weekend", en.get(1).field("title"));
        assertEquals("Heavy rain is expected across the region this weekend, forecasters say.", en.get(1).field("summary"));
        assertTrue(en.get(1).field("text").startsWith("Forecasters say heavy rain"));
        assertEquals("https://www.bbc.com/news/example-2", en.get(1).field("url"));
        assertEquals(2, XlsumLoader.read(TestData.resource("xlsum/chinese_simplified_test.jsonl")).size());
    }

    @Test
    void missingFieldsNameFileLineAndField() throws Exception {
        Path file = dir.resolve("x_test.jsonl");
        Files.writeString(file, "{\"id\": \"1\", \"summary\": \"s\", \"text\": \"t\"}\n{\"id\": \"2\", \"text\": \"t\"}\n");
        StepFailure f = assertThrows(StepFailure.class, () -> XlsumLoader.read(file));
        assertEquals(file + ":2: no \"summary\" field; every line needs it", f.getMessage());

        Files.writeString(file, "{\"id\": \"1\", \"summary\": [\"s\"], \"text\": \"t\"}\n");
        f = assertThrows(StepFailure.class, () -> XlsumLoader.read(file));
        assertEquals(file + ":1: \"summary\" must be a string, found ARRAY", f.getMessage());

        Files.writeString(file, "[1, 2]\n");
        f = assertThrows(StepFailure.class, () -> XlsumLoader.read(file));
        assertEquals(file + ":1: expected a JSON object, found ARRAY", f.getMessage());
    }
}
