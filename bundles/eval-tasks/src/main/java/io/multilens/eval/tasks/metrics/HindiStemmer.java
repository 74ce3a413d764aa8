package io.multilens.eval.tasks.metrics;

import java.util.List;

/**
 * The lightweight Hindi stemmer of Ramanathan and Rao (2003) that XL-Sum's ROUGE uses: the longest
 * listed suffix (5 down to 1 characters) is removed when the word is longer than the suffix by more
 * than one character. Hand-written: Lucene's implementation of the same rules is package-private.
 */
final class HindiStemmer {

    /** Index L-1: the suffixes of L code points, from the paper's table. */
    private static final List<List<String>> SUFFIXES = List.of(
            List.of("ो", "े", "ू", "ु", "ी", "ि", "ा"),
            List.of("कर", "ाओ", "िए", "ाई", "ाए", "ने", "नी", "ना", "ते", "ीं", "ती", "ता", "ाँ", "ां", "ों", "ें"),
            List.of("ाकर", "ाइए", "ाईं", "ाया", "ेगी", "ेगा", "ोगी", "ोगे", "ाने", "ाना", "ाते", "ाती", "ाता", "तीं",
                    "ाओं", "ाएं", "ुओं", "ुएं", "ुआं"),
            List.of("ाएगी", "ाएगा", "ाओगी", "ाओगे", "एंगी", "ेंगी", "एंगे", "ेंगे", "ूंगी", "ूंगा", "ातीं", "नाओं",
                    "नाएं", "ताओं", "ताएं", "ियाँ", "ियों", "ियां"),
            List.of("ाएंगी", "ाएंगे", "ाऊंगी", "ाऊंगा", "ाइयाँ", "ाइयों", "ाइयां"));

    private HindiStemmer() {
    }

    static String stem(String word) {
        int length = word.codePointCount(0, word.length());
        for (int l = SUFFIXES.size(); l >= 1; l--) {
            if (length > l + 1) {
                for (String suffix : SUFFIXES.get(l - 1)) {
                    if (word.endsWith(suffix)) {
                        return word.substring(0, word.length() - suffix.length());
                    }
                }
            }
        }
        return word;
    }
}
