package io.multilens.eval.tasks.metrics;

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;
import java.util.ArrayList;
import java.util.List;

/**
 * Words of Chinese, Japanese, Thai and Burmese text by ICU's dictionary-based word breaking. XL-Sum's
 * scorer uses jieba, MeCab with UniDic, PyThaiNLP's newmm and a Burmese syllable rule; none exists
 * for Java, so these languages' numbers are close to XL-Sum's, not equal (and jieba's single-space
 * tokens, which XL-Sum counts, are not produced).
 */
final class DictionaryWords {

    private final ULocale locale;

    DictionaryWords(String language) {
        this.locale = new ULocale(language);
    }

    List<String> split(String cleaned) {
        BreakIterator words = BreakIterator.getWordInstance(locale);
        words.setText(cleaned);
        List<String> out = new ArrayList<>();
        int start = words.first();
        for (int end = words.next(); end != BreakIterator.DONE; start = end, end = words.next()) {
            String word = cleaned.substring(start, end).strip();
            if (!word.isEmpty()) {
                out.add(word);
            }
        }
        return out;
    }
}
