package io.multilens.eval.tasks.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.status.StepFailure;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateFileTest {

    private static TemplateFile parse(String yaml, Set<String> styles) {
        return TemplateFile.parse(new TemplateSource("t.yaml", yaml), styles);
    }

    @Test
    void languagesOverrideDefaultsAndStylesOverrideBoth() {
        TemplateFile f = parse("""
                default:
                  target_delimiter: " "
                  stop: ["\\n\\n", "Question:"]
                  direct: {prompt: "Question: {question}\\nAnswer:", target: "{answer}"}
                  cot: {prompt: "Question: {question}\\nStep-by-Step Answer:", target: "{reasoning}"}
                languages:
                  zh:
                    target_delimiter: ""
                    stop: ["\\n\\n", "问题："]
                    cot: {prompt: "问题：{question}\\n逐步解答："}
                """, Set.of("direct", "cot"));
        PromptTemplate zh = f.resolve("zh", "cot");
        assertEquals("问题：{question}\n逐步解答：", zh.prompt().text());
        assertEquals("t.yaml: languages.zh.cot.prompt", zh.prompt().place());
        assertEquals("{reasoning}", zh.target().text());                   // from default.cot
        assertEquals("", zh.targetDelimiter());
        assertEquals(List.of("\n\n", "问题："), zh.stop());
        assertEquals("\n\n", zh.fewshotSeparator());                      // the built-in default
        PromptTemplate en = f.resolve("en", "direct");
        assertEquals("Question: {question}\nAnswer:", en.prompt().text());
        assertEquals("{answer}", en.target().text());
        assertEquals(" ", en.targetDelimiter());
        assertNull(en.choice());
    }

    @Test
    void anUnquotedFieldIsAYamlMapAndFailsWithAHint() {
        // YAML reads `prompt: {text}` as the map {text: null}
        StepFailure e = assertThrows(StepFailure.class, () -> parse("default:\n  prompt: {text}\n", Set.of()));
        assertTrue(e.getMessage().startsWith("t.yaml: default.prompt is a map, not text"), e.getMessage());
        assertTrue(e.getMessage().contains("put the template in quotes"), e.getMessage());
    }

    @Test
    void unknownKeysAndBadShapesFailWithTheKeyPath() {
        StepFailure e = assertThrows(StepFailure.class, () -> parse("default:\n  prompt: \"{text}\"\n  promt: x\n", Set.of()));
        assertTrue(e.getMessage().startsWith("t.yaml: unknown key 'default.promt'"), e.getMessage());
        e = assertThrows(StepFailure.class, () -> parse("default:\n  prompt: \"{text}\"\nlanguages:\n  zh:\n    stop: 3\n", Set.of()));
        assertTrue(e.getMessage().startsWith("t.yaml: languages.zh.stop must be a list of strings"), e.getMessage());
        e = assertThrows(StepFailure.class, () -> parse("languages: {}\n", Set.of()));
        assertTrue(e.getMessage().contains("'default:' is missing"), e.getMessage());
        e = assertThrows(StepFailure.class, () -> parse("default: [1\n", Set.of()));
        assertTrue(e.getMessage().startsWith("t.yaml: not valid YAML"), e.getMessage());
        e = assertThrows(StepFailure.class, () -> parse("default:\n  target: \"{answer}\"\n", Set.of()).resolve("en", null));
        assertTrue(e.getMessage().startsWith("t.yaml: no 'prompt' for language 'en'"), e.getMessage());
    }
}
