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

class MgsmExemplarsTest {

    @TempDir
    Path dir;

    @Test
    void labelsAreCutSoTheTemplateLabelsExemplarsAndQuestionsAlike() {
        Path file = TestData.resource("mgsm/mgsm_exemplars.json");
        List<Example> en = MgsmExemplars.read(file, "en");
        assertEquals(8, en.size());
        Example first = en.get(0);
        assertTrue(first.field("question").startsWith("Roger has 5 tennis balls."), first.field("question"));
        assertTrue(first.field("reasoning").startsWith("Roger started with 5 balls."), first.field("reasoning"));
        assertTrue(first.field("reasoning").endsWith("The answer is 11."));
        assertEquals("11", first.field("answer"));
        assertEquals("5 + 6 = 11.", first.field("equation"));
        assertEquals("5", en.get(7).field("answer"));
        // full-width colon
        List<Example> zh = MgsmExemplars.read(file, "zh");
        assertTrue(zh.get(0).field("question").startsWith("罗杰有 5 个网球"), zh.get(0).field("question"));
        assertTrue(zh.get(0).field("reasoning").startsWith("罗杰一开始有 5 个球"), zh.get(0).field("reasoning"));
    }

    @Test
    void problemsNameTheJsonPath() throws Exception {
        Path file = dir.resolve("ex.json");
        Files.writeString(file, """
                {"exemplar_number_answers": [11], "exemplar_equation_solutions": ["5 + 6 = 11."],
                 "exemplars": {"en": {"1": {"q": "Roger has 5 tennis balls.", "a": "Answer: 11"}}}}""");
        StepFailure f = assertThrows(StepFailure.class, () -> MgsmExemplars.read(file, "en"));
        assertTrue(f.getMessage().startsWith(file + ": exemplars.en.1.q does not start with a label"), f.getMessage());
        f = assertThrows(StepFailure.class, () -> MgsmExemplars.read(file, "de"));
        assertTrue(f.getMessage().contains("no exemplars for language 'de' (it has [en])"), f.getMessage());
    }
}
