package io.multilens.api.model;

/** A model's own tokenizer (from its {@code tokenizer.json}). Never truncates. */
public interface TextTokenizer {

    /** Token ids, with the special tokens the tokenizer's post-processor adds (e.g. BOS). */
    int[] encode(String text);

    /** Token ids of the text alone, no special tokens (for continuations and answer options). */
    int[] encodePlain(String text);

    String decode(int[] ids);
}
