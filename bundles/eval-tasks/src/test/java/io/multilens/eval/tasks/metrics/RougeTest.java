package io.multilens.eval.tasks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RougeTest {

    private static void assertScores(double r1, double r2, double rl, Rouge.Scores s) {
        assertEquals(r1, s.rouge1(), 1e-12, "rouge1");
        assertEquals(r2, s.rouge2(), 1e-12, "rouge2");
        assertEquals(rl, s.rougeL(), 1e-12, "rougeL");
    }

    @Test
    void english() {
        // summary: the cat sat on the mat / reference: the cat lay on the mat (6 tokens each)
        // unigrams shared: the x2, cat, on, mat = 5 -> 5/6
        // bigrams: {the cat, cat sat, sat on, on the, the mat} vs {the cat, cat lay, lay on, on the, the mat}: 3 -> 3/5
        // LCS: the cat on the mat = 5 -> 5/6
        assertScores(5.0 / 6, 0.6, 5.0 / 6, Rouge.score("The cat sat on the mat.", "the cat lay on the mat"));
    }

    @Test
    void rougeLUsesTheLongestCommonSubsequenceNotOrderFreeOverlap() {
        // same unigrams, reversed order: ROUGE-1 = 1, no shared bigram, LCS = 1 of 3
        assertScores(1.0, 0.0, 1.0 / 3, Rouge.score("c b a", "a b c"));
    }

    @Test
    void chinese() {
        // 图书馆开放了 vs 新图书馆开放: 5 of 6 characters shared
        // bigrams: {图书, 书馆, 馆开, 开放, 放了} vs {新图, 图书, 书馆, 馆开, 开放}: 4 of 5
        // LCS 图书馆开放 = 5
        assertScores(5.0 / 6, 0.8, 5.0 / 6, Rouge.score("图书馆开放了。", "新图书馆开放"));
    }

    @Test
    void thai() {
        // ฝนตก (4 code points) vs ฝนตกหนัก (8): all 4 shared, P = 1, R = 1/2, F = 2/3
        // bigrams: 3 vs 7, all 3 shared: P = 1, R = 3/7, F = 0.6; LCS 4: 2/3
        assertScores(2.0 / 3, 0.6, 2.0 / 3, Rouge.score("ฝนตก", "ฝนตกหนัก"));
    }

    @Test
    void japanese() {
        // 東京で雨 vs 東京は雨: 3 of 4; bigrams {東京, 京で, で雨} vs {東京, 京は, は雨}: 1 of 3; LCS 東京雨 = 3
        assertScores(0.75, 1.0 / 3, 0.75, Rouge.score("東京で雨", "東京は雨"));
    }

    @Test
    void partlyRightSummariesInUnspacedScriptsDoNotScoreZero() {
        // split on whitespace, each of these would be one token that differs from the reference's one token
        for (String[] pair : new String[][] {{"一个小镇的图书馆开放。", "一个小镇的新图书馆在三年建设后开放。"},
                {"図書館が開館した", "町に新しい図書館が開館した"}, {"ห้องสมุดเปิดแล้ว", "ห้องสมุดใหม่เปิดแล้ว"}}) {
            Rouge.Scores s = Rouge.score(pair[0], pair[1]);
            assertTrue(s.rouge1() > 0.5 && s.rouge2() > 0.3 && s.rougeL() > 0.5, pair[0] + ": " + s);
        }
    }

    @Test
    void tokensAreWordsOrSingleCharactersOfUnspacedScripts() {
        assertEquals(List.of("bbc", "新", "闻", "2024", "年"), RougeTokens.script().words("BBC 新闻，2024年"));
        assertEquals(List.of("don", "t", "stop"), RougeTokens.script().words("Don't stop!"));
        // Devanagari vowel signs are marks, not punctuation: the word stays whole
        assertEquals(List.of("हिन्दी", "भाषा"), RougeTokens.script().words("हिन्दी भाषा।"));
    }

    @Test
    void rougeLsumIsTheSummaryLevelLcsOverLines() {
        // per reference line, the union of its LCS with each summary line: {a,b,c,d} and {e,f}: all 6 hit
        assertEquals(1.0, Rouge.rougeLsum("a c e\nb d f", "a b c d\ne f", RougeTokens.script()), 1e-12);
        // over the whole texts the LCS is 4 of 6 tokens
        assertEquals(2.0 / 3, Rouge.score("a c e\nb d f", "a b c d\ne f").rougeL(), 1e-12);
        // one line each: Lsum is L; a token counts at most as often as both texts hold it
        Rouge.Scores one = Rouge.score("The cat sat on the mat.", "the cat lay on the mat");
        assertEquals(one.rougeL(), one.rougeLsum(), 1e-12);
        assertEquals(2 * (1.0 / 2) * (1.0 / 3) / (1.0 / 2 + 1.0 / 3), Rouge.rougeLsum("a a", "a\nb\nc", RougeTokens.script()), 1e-12);
    }
}
