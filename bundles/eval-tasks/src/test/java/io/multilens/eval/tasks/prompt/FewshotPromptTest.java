package io.multilens.eval.tasks.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.eval.tasks.TestData;
import io.multilens.eval.tasks.data.Example;
import io.multilens.eval.tasks.data.MgsmExemplars;
import io.multilens.eval.tasks.template.PromptTemplate;
import io.multilens.eval.tasks.template.TemplateFile;
import io.multilens.eval.tasks.template.TemplateSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FewshotPromptTest {

    @Test
    void nativeChainOfThoughtPromptAsTheBundledTemplateBuildsIt() {
        PromptTemplate zh = TemplateFile.parse(TemplateSource.bundled("mgsm"), Set.of("direct", "cot")).resolve("zh", "cot");
        List<Example> shots = FewshotSampler.first(MgsmExemplars.read(TestData.resource("mgsm/mgsm_exemplars.json"), "zh"), 1);
        Example item = new Example("1", Map.of("question", "一加一等于几？", "answer", "2"), "t:1");
        assertEquals("问题：罗杰有 5 个网球。他又买了 2 罐网球。每罐有 3 个网球。他现在有多少个网球？\n"
                + "逐步解答：罗杰一开始有 5 个球。2 罐各 3 个网球就是 6 个网球。5 + 6 = 11。答案是 11。\n\n"
                + "问题：一加一等于几？\n逐步解答：", FewshotPrompt.build(zh, shots, item));

        PromptTemplate en = TemplateFile.parse(TemplateSource.bundled("mgsm"), Set.of("direct", "cot")).resolve("en", "direct");
        List<Example> enShots = FewshotSampler.first(MgsmExemplars.read(TestData.resource("mgsm/mgsm_exemplars.json"), "en"), 2);
        String prompt = FewshotPrompt.build(en, enShots, new Example("1", Map.of("question", "What is 1 + 1?"), "t:1"));
        assertTrue(prompt.startsWith("Question: Roger has 5 tennis balls."), prompt);
        assertTrue(prompt.contains("?\nAnswer: 11\n\nQuestion: There were nine computers"), prompt);
        assertTrue(prompt.endsWith("?\nAnswer: 29\n\nQuestion: What is 1 + 1?\nAnswer:"), prompt);
    }

    @Test
    void drawnExemplarsAreDistinctNeverTheItemAndStable() {
        List<Example> pool = IntStream.range(0, 20)
                .mapToObj(i -> new Example("q" + i, Map.of("question", "Q" + i), "p:" + i)).toList();
        List<Example> a = FewshotSampler.random(pool, 5, 1234, "q3");
        assertEquals(5, a.size());
        assertEquals(5, new HashSet<>(a).size());
        assertTrue(a.stream().noneMatch(e -> e.id().equals("q3")));
        assertEquals(a, FewshotSampler.random(pool, 5, 1234, "q3"));
        assertNotEquals(a, FewshotSampler.random(pool, 5, 99, "q3"));
        // a pool of two and the item itself: only the other one can be drawn
        assertEquals(List.of(pool.get(1)), FewshotSampler.random(pool.subList(0, 2), 3, 1, "q0"));
    }
}
