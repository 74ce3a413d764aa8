package io.multilens.eval.tasks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** EM and F1 as MLQA's evaluation script computes them, language by language. */
class SquadScoreTest {

    @Test
    void normalisationFollowsTheOfficialScript() {
        // lower-case, punctuation out, whole-word articles out, whitespace collapsed
        assertEquals("denver broncos", SquadScore.normalize("The Denver Broncos!", "en"));
        assertEquals("levis stadium", SquadScore.normalize("  Levi's   Stadium. ", "en"));
        assertEquals("theater answer", SquadScore.normalize("Theater, an answer", "en"));
        // Unicode punctuation and the ASCII symbols of string.punctuation go too (MLQA)
        assertEquals("paris 100", SquadScore.normalize("«Paris» — $100", "en"));
    }

    @Test
    void eachLanguageLosesItsOwnArticlesAndNoOther() {
        assertEquals("casa de pérez", SquadScore.normalize("La casa de los Pérez", "es"));
        assertEquals("stadt träume", SquadScore.normalize("Die Stadt der Träume", "de"));
        assertEquals("bàn tôi", SquadScore.normalize("Cái bàn của tôi", "vi"));
        // Arabic: the prefix al- wherever it stands, as MLQA's pattern does
        assertEquals("كتاب", SquadScore.normalize("الكتاب", "ar"));
        assertEquals("ك تاب", SquadScore.normalize("كالتاب", "ar"));
        // English articles are words in other languages: kept there
        assertEquals("the answer", SquadScore.normalize("The answer", "ru"));
        assertEquals("a casa", SquadScore.normalize("a casa", "es"));
        assertEquals("die", SquadScore.normalize("die", "en"));
    }

    @Test
    void englishExactMatchAndF1() {
        assertEquals(1.0, SquadScore.exactMatch("the Denver Broncos", "Denver Broncos", "en"));
        assertEquals(0.0, SquadScore.exactMatch("Denver Broncos won", "Denver Broncos", "en"));
        // pred {denver, broncos, won}, gold {denver, broncos}: P = 2/3, R = 1, F1 = 0.8
        assertEquals(0.8, SquadScore.f1("Denver Broncos won", "Denver Broncos", "en"), 1e-12);
        assertEquals(0.0, SquadScore.f1("Carolina", "Denver Broncos", "en"));
    }

    @Test
    void emptyAgainstEmptyIsRightAsInSquadTwo() {
        assertEquals(1.0, SquadScore.f1("", "", "en"));
        assertEquals(1.0, SquadScore.f1("the", ".", "en"), "both normalise to nothing");
        assertEquals(0.0, SquadScore.f1("", "Denver", "en"));
        assertEquals(0.0, SquadScore.f1("Denver", "", "en"));
        assertEquals(1.0, SquadScore.exactMatch("", ".", "en"));
    }

    @Test
    void bagOfTokensCountsRepeatsOnce() {
        // pred [red, red, red], gold [red, car]: the multiset overlap is 1, not 3
        // P = 1/3, R = 1/2, F1 = 2 * (1/6) / (5/6) = 0.4
        assertEquals(0.4, SquadScore.f1("red red red", "red car", "en"), 1e-12);
    }

    @Test
    void bestOverGoldAnswers() {
        List<String> golds = List.of("Santa Clara, California", "Levi's Stadium");
        // vs gold 1: overlap {santa, clara}: P = 2/5, R = 2/3, F1 = 0.5
        // vs gold 2: overlap {levis, stadium}: P = 2/5, R = 1, F1 = 4/7
        assertEquals(4.0 / 7, SquadScore.maxF1("Levi's Stadium in Santa Clara", golds, "en"), 1e-12);
        assertEquals(0.0, SquadScore.maxExactMatch("Levi's Stadium in Santa Clara", golds, "en"));
        assertEquals(1.0, SquadScore.maxExactMatch("levis stadium", golds, "en"));
    }

    @Test
    void chineseByMixedSegmentation() {
        // 5 of 6 characters: P = 1, R = 5/6, F1 = 10/11
        assertEquals(10.0 / 11, SquadScore.f1("匹兹堡钢人", "匹兹堡钢人队", "zh"), 1e-12);
        // digits inside Chinese stay one token: gold [136, 次], pred [136]: F1 = 2/3
        assertEquals(2.0 / 3, SquadScore.f1("136", "136 次", "zh"), 1e-12);
        assertEquals(1.0, SquadScore.exactMatch("匹兹堡钢人队。", "匹兹堡 钢人队", "zh"));
        // outside Chinese, ideographs are not split: [东京, tower] vs [东京]: P = 1/2, R = 1, F1 = 2/3
        assertEquals(2.0 / 3, SquadScore.f1("东京 tower", "东京", "en"), 1e-12);
    }

    @Test
    void thaiIsComparedPerCharacter() {
        // gold: 12 + 10 code points, pred: the second word's 10, all shared: P = 1, R = 10/22, F1 = 20/32
        assertEquals(0.625, SquadScore.f1("สตีลเลอร์ส", "พิตต์สเบิร์ก สตีลเลอร์ส", "th"), 1e-12);
    }

    @Test
    void japaneseIsComparedPerCharacter() {
        // P = 1, R = 2/3, F1 = 0.8
        assertEquals(0.8, SquadScore.f1("東京", "東京都", "ja"), 1e-12);
        // katakana with the prolonged sound mark: pred [ス ー パ ー], gold 7 characters: F1 = 2 * (4/7) / (11/7) = 8/11
        assertEquals(8.0 / 11, SquadScore.f1("スーパー", "スーパーボウル", "ja"), 1e-12);
        // Japanese brackets are punctuation
        assertEquals(1.0, SquadScore.exactMatch("「東京」", "東京", "ja"));
    }

    /** XQuAD's prescribed scorer, SQuAD v1.1's evaluate-v1.1.py, next to MLQA's per-language one. */
    @Test
    void squadV11NormalisesEveryLanguageAsEnglish() {
        SquadScore.Normalization v11 = SquadScore.Normalization.SQUAD_V11;
        SquadScore.Normalization mlqa = SquadScore.Normalization.MLQA;
        assertEquals(1.0, SquadScore.exactMatch("The Eiffel Tower.", "eiffel tower", "en", v11));
        // German articles stay in v1.1 and go in MLQA
        assertEquals(0.0, SquadScore.exactMatch("der Hund", "Hund", "de", v11));
        assertEquals(2 * 0.5 / 1.5, SquadScore.f1("der Hund", "Hund", "de", v11), 1e-12);
        assertEquals(1.0, SquadScore.exactMatch("der Hund", "Hund", "de", mlqa));
        // Chinese: one white-space token in v1.1, one per character in MLQA
        assertEquals(0.0, SquadScore.f1("北京大学", "北京", "zh", v11));
        assertEquals(2 * 0.5 / 1.5, SquadScore.f1("北京大学", "北京", "zh", mlqa), 1e-12);
        // only ASCII punctuation goes in v1.1
        assertEquals(0.0, SquadScore.exactMatch("«Paris»", "Paris", "fr", v11));
        assertEquals(1.0, SquadScore.exactMatch("«Paris»", "Paris", "fr", mlqa));
        // two empty answers: F1 0 in v1.1 (nothing in common), 1 in MLQA's multilens reading
        assertEquals(0.0, SquadScore.f1("", "", "en", v11));
        assertEquals(1.0, SquadScore.f1("", "", "en", mlqa));
        assertEquals(SquadScore.Normalization.SQUAD_V11, SquadScore.Normalization.of("squad-v1.1"));
    }
}
