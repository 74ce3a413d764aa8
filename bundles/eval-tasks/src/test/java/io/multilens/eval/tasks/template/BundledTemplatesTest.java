package io.multilens.eval.tasks.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.eval.tasks.TestData;
import io.multilens.eval.tasks.data.ChoiceQuestion;
import io.multilens.eval.tasks.data.Example;
import io.multilens.eval.tasks.data.MgsmExemplars;
import io.multilens.eval.tasks.data.MgsmLoader;
import io.multilens.eval.tasks.data.XcsqaLoader;
import io.multilens.eval.tasks.data.XlsumLoader;
import io.multilens.eval.tasks.data.XquadLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every language of every shipped template file passes the checks the steps run on real items. */
class BundledTemplatesTest {

    private static List<String> withDefault(TemplateFile f) {
        List<String> langs = new ArrayList<>(f.languages());
        langs.add("a-language-without-overrides");
        return langs;
    }

    @Test
    void mgsm() {
        TemplateFile f = TemplateFile.parse(TemplateSource.bundled("mgsm"), Set.of("direct", "cot"));
        assertEquals(Set.of("bn", "de", "es", "fr", "ja", "ru", "sw", "te", "th", "zh"), Set.copyOf(f.languages()));
        Example item = MgsmLoader.read(TestData.resource("mgsm/mgsm_en.tsv")).get(0).example();
        Path exemplars = TestData.resource("mgsm/mgsm_exemplars.json");
        for (String lang : withDefault(f)) {
            String own = Set.of("bn", "en", "th", "zh").contains(lang) ? lang : "en";
            List<Example> shots = MgsmExemplars.read(exemplars, own).subList(0, 2);
            for (String style : List.of("direct", "cot")) {
                PromptTemplate t = f.resolve(lang, style);
                TemplateCheck.check(t, new FieldRules(Set.of("question"), Set.of("answer", "reasoning", "equation")),
                        item, shots);
                assertTrue(t.stop().contains("\n\n"), lang + " " + style);
            }
        }
    }

    @Test
    void xquad() {
        TemplateFile f = TemplateFile.parse(TemplateSource.bundled("xquad"), Set.of());
        Example item = XquadLoader.read(TestData.resource("xquad/xquad.en.json")).get(0).example();
        for (String lang : withDefault(f)) {
            TemplateCheck.check(f.resolve(lang, null), new FieldRules(Set.of("context", "question"), Set.of("answer")),
                    item, List.of(item));
        }
    }

    @Test
    void xcsqa() {
        TemplateFile f = TemplateFile.parse(TemplateSource.bundled("xcsqa"), Set.of());
        ChoiceQuestion q = XcsqaLoader.read(TestData.resource("xcsqa/en/dev.jsonl")).get(0);
        for (String lang : withDefault(f)) {
            PromptTemplate t = f.resolve(lang, null);
            TemplateCheck.check(t, new FieldRules(Set.of("question"), Set.of("answer", "answer_label")), q.example(),
                    List.of(q.example()));
            TemplateCheck.checkChoice(t.choice(), q.options().get(0));
        }
    }

    @Test
    void xlsum() {
        TemplateFile f = TemplateFile.parse(TemplateSource.bundled("xlsum"), Set.of());
        assertTrue(f.languages().contains("chinese_simplified") && f.languages().contains("thai"));
        Example item = XlsumLoader.read(TestData.resource("xlsum/english_test.jsonl")).get(0);
        for (String lang : withDefault(f)) {
            TemplateCheck.check(f.resolve(lang, null), new FieldRules(Set.of("text"), Set.of("summary")), item,
                    List.of(item));
        }
    }
}
