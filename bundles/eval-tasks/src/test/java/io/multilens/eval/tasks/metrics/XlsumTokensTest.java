package io.multilens.eval.tasks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class XlsumTokensTest {

    @Test
    void cleaningDeletesFormatCharactersAndSplitsOnPunctuationButKeepsNonAsciiSymbols() {
        // soft hyphen (Cf) deleted, no-break space (Zs) a space, apostrophe and full stop split, € kept, $ removed (ASCII)
        assertEquals("co operate don t pay €5 or 5", XlsumText.clean("  Co-Op\u00ADerate:\u00A0DON'T pay €5 or $5.  "));
        assertEquals("", XlsumText.clean("?!…"));
    }

    @Test
    void theFallbackSplitsLettersFromDigitsAndEveryIdeographAlone() {
        assertEquals(List.of("covid", "19", "€", "5", "新", "闻", "2024", "年"),
                XlsumText.aggressiveSplit("covid19 €5 新闻2024年"));
        // a combining mark stays with its letter: Devanagari virama and vowel signs
        assertEquals(List.of("हिन्दी", "2"), XlsumText.aggressiveSplit("हिन्दी2"));
        // a mark after an ideograph is cut off with it by the space around the ideograph, and joins what follows
        assertEquals(List.of("字", "\u0301a"), XlsumText.aggressiveSplit("字\u0301a"));
        assertEquals(List.of("字", "\uFE00"), XlsumText.aggressiveSplit("字\uFE00"));
    }

    @Test
    void englishIsStemmedWithSnowballAboveThreeCharacters() {
        // "cats" -> cat, "running" -> run, "the"/"are" are too short to stem
        assertEquals(List.of("the", "cat", "are", "run"), RougeTokens.xlsum("en").words("The cats are running."));
        assertEquals(List.of("generous", "connect"), RougeTokens.xlsum("en-GB").words("generously connected"));
    }

    @Test
    void stemmingMatchesInflectedFormsThatScriptTokensMiss() {
        // words: [the, cat, are, run] vs [a, cat, run]: 2 shared, P = 2/4, R = 2/3
        Rouge.Scores xlsum = Rouge.score("The cats are running", "a cat runs", RougeTokens.xlsum("en"));
        assertEquals(2 * 0.5 * (2.0 / 3) / (0.5 + 2.0 / 3), xlsum.rouge1(), 1e-12);
        assertEquals(0.0, Rouge.score("The cats are running", "a cat runs").rouge1(), 1e-12);
    }

    @Test
    void hindiUsesTheLongestSuffixThatLeavesMoreThanOneCharacter() {
        assertEquals("लड़क", HindiStemmer.stem("लड़कियाँ")); // ियाँ (4) off an 8-code-point word
        assertEquals("किताब", HindiStemmer.stem("किताबें")); // ें (2)
        assertEquals("का", HindiStemmer.stem("का")); // ा would leave one character: kept
    }

    @Test
    void chineseIsSegmentedIntoDictionaryWordsNotCharacters() {
        List<String> words = RougeTokens.xlsum("zh").words("我们在图书馆学习。");
        // ICU's dictionary: [我们, 在, 图书, 馆, 学习] (jieba keeps 图书馆 whole)
        assertTrue(words.contains("我们") && words.contains("学习") && words.size() < 8, words.toString());
        assertEquals("我们在图书馆学习", String.join("", words));
    }

    @Test
    void thaiIsSegmentedIntoWords() {
        List<String> words = RougeTokens.xlsum("th").words("ฝนตกหนักมาก");
        assertTrue(words.size() >= 2 && words.size() < 11, words.toString());
        assertEquals("ฝนตกหนักมาก", String.join("", words));
    }

    @Test
    void rougeLsumLinesAreCleanedAndStemmedButNotSegmented() {
        assertEquals(List.of("我们在图书馆学习"), RougeTokens.xlsum("zh").sentenceWords("我们在图书馆学习。"));
        assertEquals(List.of("cat", "run"), RougeTokens.xlsum("en").sentenceWords("Cats running!"));
    }

    @Test
    void languagesWithoutAStemmerOrSegmenterUseTheFallbackAlone() {
        assertEquals(List.of("habari", "za", "leo", "2024"), RougeTokens.xlsum("sw").words("Habari za leo, 2024!"));
        assertTrue(RougeTokens.xlsum("sw").description().contains("stemmer: none"));
        assertTrue(RougeTokens.xlsum("ru").description().contains("snowball-russian"));
        assertTrue(RougeTokens.xlsum("ar").description().contains("not comparable with XL-Sum's Arabic ROUGE"),
                "Lucene's Arabic Snowball is not NLTK's");
        // XL-Sum's folder names work as well as codes
        assertEquals(RougeTokens.xlsum("en").description(), RougeTokens.xlsum("english").description());
        assertTrue(RougeTokens.xlsum("chinese_simplified").description().contains("ICU dictionary"));
        assertTrue(RougeTokens.xlsum("mundo").description().contains("snowball-spanish"), "XL-Sum's alias for Spanish");
    }
}
