package io.multilens.api.model;

import org.osgi.annotation.versioning.ProviderType;

/** A model's own tokenizer (from its {@code tokenizer.json}). Never truncates. */
@ProviderType
public interface TextTokenizer {

    /** Token ids, with the special tokens the tokenizer's post-processor adds (e.g. BOS). */
    int[] encode(String text);

    /** Token ids of the text alone, no special tokens (for continuations and answer options). */
    int[] encodePlain(String text);

    String decode(int[] ids);

    /**
     * The bytes of text {@code ids} stand for when they open a text, counted from each token's own
     * piece of the vocabulary (special tokens: none; a space mark the tokenizer prepends to every
     * text, as SentencePiece's dummy prefix, is not text), not from decoding them again: bits per
     * byte divide by this.
     */
    long bytes(int[] ids);

    /**
     * No token of a real vocabulary spans more characters than this: a document cut to this many
     * characters per token it may keep tokenizes to the same first tokens.
     */
    int MAX_CHARS_PER_TOKEN = 256;

    /**
     * At most {@code maxTokens} ids of a document. The text is cut before tokenizing (by
     * characters, with a wide margin), so a 10 MB line is never tokenized to keep 32 tokens.
     */
    default int[] encode(String text, int maxTokens) {
        long keep = (long) maxTokens * MAX_CHARS_PER_TOKEN;
        String cut = text;
        if (text.length() > keep) {
            int end = (int) keep;
            if (Character.isHighSurrogate(text.charAt(end - 1))) {
                end--; // never split a character
            }
            cut = text.substring(0, end);
        }
        int[] ids = encode(cut);
        return ids.length > maxTokens ? java.util.Arrays.copyOf(ids, maxTokens) : ids;
    }
}
