package io.multilens.eval.tasks.template;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.status.StepFailure;
import io.multilens.eval.tasks.data.Example;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateCheckTest {

    private static final FieldRules XLSUM = new FieldRules(Set.of("text"), Set.of("summary"));
    private static final Example ARTICLE = new Example("a1",
            Map.of("title", "Library opens", "text", "The new library opened on Monday.", "url", "",
                    "summary", "A library opened."), "x.jsonl:1");

    private static PromptTemplate template(String prompt, String target) {
        return new PromptTemplate("t.yaml", "en", TemplateText.compile(prompt, "t.yaml: default.prompt"),
                target == null ? null : TemplateText.compile(target, "t.yaml: default.target"), null, " ", "\n\n",
                List.of());
    }

    private static String failure(PromptTemplate t, List<Example> exemplars) {
        return assertThrows(StepFailure.class, () -> TemplateCheck.check(t, XLSUM, ARTICLE, exemplars)).getMessage();
    }

    @Test
    void aGoodTemplatePasses() {
        assertDoesNotThrow(() -> TemplateCheck.check(template("{title}\n{text}\nSummary:", "{summary}"), XLSUM, ARTICLE,
                List.of(ARTICLE)));
    }

    @Test
    void aFieldTheItemsLackFails() {
        String m = failure(template("Article: {article}\n\nSummary:", null), List.of());
        assertTrue(m.startsWith("t.yaml: default.prompt names {article}, which the items do not have"), m);
        assertTrue(m.contains("(item 'a1' at x.jsonl:1 has ["), m);
    }

    @Test
    void theLiteralWordInsteadOfTheFieldFails() {
        // a quoting slip: the word "text" is rendered, not the article
        String m = failure(template("Article: text\n\nSummary:", null), List.of());
        assertEquals("t.yaml: default.prompt: rendered for item 'a1' (x.jsonl:1) it renders the literal word 'text'"
                + " instead of the item's text: write {text}", m);
    }

    @Test
    void doubledBracesRenderTheNameNotTheValueAndFail() {
        String m = failure(template("Article: {{text}}\n\nSummary:", null), List.of());
        assertTrue(m.contains("does not contain the item's text") && m.contains("not {{text}}"), m);
    }

    @Test
    void aPromptThatShowsTheGoldAnswerFails() {
        String m = failure(template("{text}\nSummary: {summary}", null), List.of());
        assertTrue(m.startsWith("t.yaml: default.prompt names {summary}, which holds the gold answer"), m);
    }

    @Test
    void fewShotNeedsAValidTarget() {
        String m = failure(template("{text}\nSummary:", null), List.of(ARTICLE));
        assertTrue(m.startsWith("t.yaml: few-shot prompts need a 'target'"), m);
        m = failure(template("{text}\nSummary:", "{abstract}"), List.of(ARTICLE));
        assertTrue(m.startsWith("t.yaml: default.target names {abstract}"), m);
    }

    @Test
    void choicesMustNameAnOptionField() {
        Example option = new Example("A", Map.of("label", "A", "text", "oven"), "dev.jsonl:1");
        StepFailure f = assertThrows(StepFailure.class,
                () -> TemplateCheck.checkChoice(TemplateText.compile("text", "t.yaml: default.choice"), option));
        assertTrue(f.getMessage().startsWith("t.yaml: default.choice names no field"), f.getMessage());
        f = assertThrows(StepFailure.class,
                () -> TemplateCheck.checkChoice(TemplateText.compile("{answer}", "t.yaml: default.choice"), option));
        assertTrue(f.getMessage().startsWith("t.yaml: default.choice names {answer}, which the items do not have"), f.getMessage());
        assertDoesNotThrow(() -> TemplateCheck.checkChoice(TemplateText.compile("{label}. {text}", "c"), option));
    }
}
