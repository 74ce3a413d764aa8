package io.multilens.eval.tasks.run;

import io.multilens.api.model.TextTokenizer;
import io.multilens.api.status.StepFailure;
import io.multilens.eval.tasks.data.Example;
import io.multilens.eval.tasks.prompt.ContextWindow;
import io.multilens.eval.tasks.prompt.FewshotPrompt;
import io.multilens.eval.tasks.template.FieldRules;
import io.multilens.eval.tasks.template.PromptTemplate;
import io.multilens.eval.tasks.template.TemplateCheck;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Renders and tokenises one language's prompts. The template is checked against the first item
 * and its exemplars before anything else, so a bad template fails before the model runs.
 */
public final class Prompts {

    private Prompts() {
    }

    /**
     * @param items     the items to evaluate (after {@code limit})
     * @param original  how many items the file has
     * @param exemplars the few-shot exemplars of an item
     * @param reserved  tokens each item needs after its prompt (generated or scored)
     */
    public static <T> LanguageData<T> prepare(Path file, List<T> items, int original, Function<T, Example> example,
                                              PromptTemplate template, FieldRules rules,
                                              Function<Example, List<Example>> exemplars, TextTokenizer tokenizer,
                                              ContextWindow window, ToIntFunction<T> reserved) {
        if (items.isEmpty()) {
            throw new StepFailure(file + ": no items; check the file and the option 'data'");
        }
        Example first = example.apply(items.get(0));
        TemplateCheck.check(template, rules, first, exemplars.apply(first));
        List<PromptedItem<T>> out = new ArrayList<>(items.size());
        for (T item : items) {
            Example e = example.apply(item);
            String prompt = FewshotPrompt.build(template, exemplars.apply(e), e);
            int[] all = tokenizer.encode(prompt);
            int[] kept = window.fit(all, reserved.applyAsInt(item));
            out.add(new PromptedItem<>(item, e, prompt, kept, kept.length < all.length));
        }
        return new LanguageData<>(out, original);
    }
}
