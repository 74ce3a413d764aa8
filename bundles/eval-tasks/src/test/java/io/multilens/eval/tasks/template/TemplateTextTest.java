package io.multilens.eval.tasks.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.status.StepFailure;
import io.multilens.eval.tasks.data.Example;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTextTest {

    private static final Example ITEM = new Example("7", Map.of("question", "What is {x}?", "context", "C"), "f:7");

    @Test
    void fieldsAreFilledInOnePass() {
        TemplateText t = TemplateText.compile("{context}\nQ: {question}\nA:", "f: default.prompt");
        assertEquals(List.of("context", "question"), List.copyOf(t.fields()));
        // braces inside the item's text are not read as fields
        assertEquals("C\nQ: What is {x}?\nA:", t.render(ITEM));
    }

    @Test
    void doubledBracesAreLiteral() {
        TemplateText t = TemplateText.compile("{{question}} {question}", "p");
        assertEquals(List.of("question"), List.copyOf(t.fields()));
        assertEquals("{question} What is {x}?", t.render(ITEM));
    }

    @Test
    void strayBracesFailWithTheirPlace() {
        StepFailure f = assertThrows(StepFailure.class, () -> TemplateText.compile("Q: {question", "t.yaml: default.prompt"));
        assertTrue(f.getMessage().startsWith("t.yaml: default.prompt: '{' at character 4"), f.getMessage());
        f = assertThrows(StepFailure.class, () -> TemplateText.compile("Q: {the question}", "p"));
        assertTrue(f.getMessage().contains("does not start a field"), f.getMessage());
        f = assertThrows(StepFailure.class, () -> TemplateText.compile("Q} {question}", "p"));
        assertTrue(f.getMessage().contains("'}' at character 2 closes no field"), f.getMessage());
    }

    @Test
    void anUnknownFieldFailsWhenRendered() {
        StepFailure f = assertThrows(StepFailure.class, () -> TemplateText.compile("{article}", "t.yaml: default.prompt").render(ITEM));
        assertTrue(f.getMessage().startsWith("t.yaml: default.prompt names {article}, which item '7' (f:7) does not have"),
                f.getMessage());
    }
}
