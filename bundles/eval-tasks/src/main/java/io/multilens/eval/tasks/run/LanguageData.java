package io.multilens.eval.tasks.run;

import java.util.List;

/**
 * One language's prepared items.
 *
 * @param original how many items the file has, before {@code limit}
 */
public record LanguageData<T>(List<PromptedItem<T>> items, int original) {

    public LanguageData {
        items = List.copyOf(items);
    }

    public long truncated() {
        return items.stream().filter(PromptedItem::truncated).count();
    }
}
