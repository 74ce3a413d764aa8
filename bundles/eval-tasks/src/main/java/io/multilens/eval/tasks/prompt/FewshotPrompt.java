package io.multilens.eval.tasks.prompt;

import io.multilens.eval.tasks.data.Example;
import io.multilens.eval.tasks.template.PromptTemplate;
import java.util.List;

/**
 * The text the model sees, as lm-evaluation-harness builds it: each exemplar's prompt, the target
 * delimiter and its target, joined by the few-shot separator, then the item's own prompt.
 */
public final class FewshotPrompt {

    private FewshotPrompt() {
    }

    public static String build(PromptTemplate t, List<Example> exemplars, Example item) {
        StringBuilder s = new StringBuilder();
        for (Example e : exemplars) {
            s.append(t.prompt().render(e)).append(t.targetDelimiter()).append(t.target().render(e))
                    .append(t.fewshotSeparator());
        }
        return s.append(t.prompt().render(item)).toString();
    }
}
