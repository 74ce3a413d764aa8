package io.multilens.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Cross-lingual similarity against a hand computation. */
class SimilarityTest {

    @Test
    void parallelAndMismatchedCosinesAreAveragedOverDocuments() {
        // 3 documents, 1 depth, 2 dimensions
        double[][][] reference = {{{1, 0}}, {{0, 1}}, {{1, 1}}};
        double[][][] other = {{{1, 1}}, {{0, 2}}, {{-1, 1}}};
        LanguageLayers t = new LanguageLayers("xx", 1);
        Similarity.add(t, other, reference);
        double s = Math.sqrt(0.5);
        // parallel: cos((1,1),(1,0)) = s, cos((0,2),(0,1)) = 1, cos((-1,1),(1,1)) = 0
        assertEquals((s + 1 + 0) / 3, t.meanParallel(0), 1e-12);
        // mismatched (n vs n+1, wrapping): cos((1,1),(0,1)) = s, cos((0,2),(1,1)) = s, cos((-1,1),(1,0)) = -s
        assertEquals((s + s - s) / 3, t.meanMismatched(0), 1e-12);
        assertEquals(3, t.pairs);

        LanguageLayers self = new LanguageLayers("en", 1);
        Similarity.add(self, reference, reference);
        assertEquals(1.0, self.meanParallel(0), 1e-12, "the reference compared with itself gives 1");
    }

    @Test
    void documentsWithoutContentAreLeftOutAndShardsMerge() {
        double[][][] reference = {{{1, 0}}, {{0, 0}}, {{1, 1}}};
        LanguageLayers a = new LanguageLayers("xx", 1);
        Similarity.add(a, reference, reference);
        assertEquals(1, a.pairs, "pairs touching the empty document 1 are skipped");
        LanguageLayers b = new LanguageLayers("xx", 1);
        b.add(a);
        b.add(a);
        assertEquals(2, b.pairs);
        assertEquals(a.meanParallel(0), b.meanParallel(0), 1e-12);
        assertTrue(Double.isNaN(new LanguageLayers("yy", 1).meanParallel(0)), "no pairs: NaN, written as null");
    }
}
