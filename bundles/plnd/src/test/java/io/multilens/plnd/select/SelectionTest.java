package io.multilens.plnd.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import io.multilens.plnd.tally.LanguageTally;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Specificity, overlap removal and top_n on small hand-made score tables (activity: score > 0). */
class SelectionTest {

    private static final NeuronGroup G = new NeuronGroup(0, Structure.FFN);

    /**
     * Six neurons. en: 0,1,2,3 active in both documents, 4 in one.
     * zh: 0,1,4 always, 5 in one. fr: 0,2,4 always.
     */
    private static Map<String, LanguageTally> tallies() {
        Map<String, LanguageTally> t = new LinkedHashMap<>();
        t.put("en", Tallies.of("en", G, new float[] {1, 1, 1, 1, 1, 0}, new float[] {2, 2, 2, 5, 0, 0}));
        t.put("zh", Tallies.of("zh", G, new float[] {1, 1, 0, 0, 1, 1}, new float[] {1, 1, 0, 0, 1, 0}));
        t.put("fr", Tallies.of("fr", G, new float[] {1, 0, 1, 0, 1, 0}, new float[] {1, 0, 1, 0, 1, 0}));
        return t;
    }

    private static int[] run(Selection s, String lang) {
        return s.select(tallies()).selected().get(lang).indices(G);
    }

    private static Selection selection(double minFraction, Overlap overlap, int maxLanguages, int topN) {
        return new Selection(new Specificity(minFraction), overlap, maxLanguages, new TopN(topN));
    }

    @Test
    void specificMeansActiveInEnoughDocuments() {
        Selection.Result all = selection(1.0, Overlap.NONE, 1, 0).select(tallies());
        assertArrayEquals(new int[] {0, 1, 2, 3}, all.specific().get("en").indices(G));
        assertArrayEquals(new int[] {0, 1, 4}, all.specific().get("zh").indices(G));
        Selection.Result half = selection(0.5, Overlap.NONE, 1, 0).select(tallies());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, half.specific().get("en").indices(G));
        assertArrayEquals(new int[] {0, 1, 4, 5}, half.specific().get("zh").indices(G));
    }

    @Test
    void requiredDocumentCountRoundsUpWithoutFloatingPointSurprises() {
        assertEquals(3, new Specificity(0.3).required(10));
        assertEquals(2, new Specificity(0.5).required(3));
        assertEquals(1, new Specificity(0.01).required(5));
        assertEquals(7, new Specificity(1.0).required(7));
    }

    @Test
    void allLanguagesDropsOnlyWhatEveryLanguageShares() {
        Selection s = selection(1.0, Overlap.ALL_LANGUAGES, 1, 0);
        // 0 is specific to en, zh and fr; 1 only to en and zh, so it stays
        assertArrayEquals(new int[] {1, 2, 3}, run(s, "en"));
        assertArrayEquals(new int[] {1, 4}, run(s, "zh"));
        assertArrayEquals(new int[] {2, 4}, run(s, "fr"));
    }

    @Test
    void allLanguagesWithOneLanguageKeepsEverything() {
        Map<String, NeuronSet> one = Map.of("en", NeuronSet.of(Map.of(G, new int[] {1, 2})));
        assertEquals(one, Overlap.ALL_LANGUAGES.apply(one, 1));
    }

    @Test
    void englishRemovesEnglishNeuronsFromOtherLanguagesOnly() {
        Selection s = selection(1.0, Overlap.ENGLISH, 1, 0);
        assertArrayEquals(new int[] {0, 1, 2, 3}, run(s, "en"));
        assertArrayEquals(new int[] {4}, run(s, "zh"));
        assertArrayEquals(new int[] {4}, run(s, "fr"));
        Map<String, NeuronSet> noEnglish = Map.of("zh", NeuronSet.empty());
        assertThrows(IllegalArgumentException.class, () -> Overlap.ENGLISH.apply(noEnglish, 1));
    }

    @Test
    void maxLanguagesKeepsNeuronsSpecificToAtMostM() {
        // specific to: 0 -> 3 languages, 1 -> 2, 2 -> 2, 3 -> 1, 4 -> 2
        assertArrayEquals(new int[] {3}, run(selection(1.0, Overlap.MAX_LANGUAGES, 1, 0), "en"));
        assertArrayEquals(new int[] {}, run(selection(1.0, Overlap.MAX_LANGUAGES, 1, 0), "zh"));
        assertArrayEquals(new int[] {1, 2, 3}, run(selection(1.0, Overlap.MAX_LANGUAGES, 2, 0), "en"));
        assertArrayEquals(new int[] {0, 1, 2, 3}, run(selection(1.0, Overlap.MAX_LANGUAGES, 3, 0), "en"));
    }

    @Test
    void topNKeepsHighestMeanImportanceNotLowestIndices() {
        // en means: 0 -> 1.5, 1 -> 1.5, 2 -> 1.5, 3 -> 3.0; 3 is the last index but the most important
        assertArrayEquals(new int[] {3}, run(selection(1.0, Overlap.NONE, 1, 1), "en"));
        // then the tie between 0, 1, 2 at 1.5 goes to the lower index
        assertArrayEquals(new int[] {0, 3}, run(selection(1.0, Overlap.NONE, 1, 2), "en"));
        // top_n applies after overlap removal: en keeps {1, 2, 3}, best two are 3 and 1
        assertArrayEquals(new int[] {1, 3}, run(selection(1.0, Overlap.ALL_LANGUAGES, 1, 2), "en"));
    }

    @Test
    void groupsWithoutDocumentsYieldNothing() {
        LanguageTally empty = new LanguageTally("en");
        empty.group(G, 4);
        assertEquals(0, new Specificity(1.0).specific(empty).size());
    }
}
