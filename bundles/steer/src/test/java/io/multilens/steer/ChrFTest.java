package io.multilens.steer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** chrF by hand on texts short enough to count every n-gram. */
class ChrFTest {

    @Test
    void identicalTextsScoreOneAndDisjointOnesZero() {
        assertEquals(1.0, ChrF.score("la casa", "lacasa"), 1e-12, "whitespace is not counted");
        assertEquals(0.0, ChrF.score("xyz", "abc"), 1e-12);
        assertEquals(0.0, ChrF.score("", "abc"), 1e-12);
    }

    @Test
    void aPartialMatchIsTheBetaTwoFOfTheMeanPrecisionAndRecall() {
        // hypothesis "ab", reference "abc": order 1: 2 of 2 hypothesis unigrams match, 2 of 3 reference ones;
        // order 2: "ab" matches, 1 of 1 and 1 of 2; orders 3..6 have no hypothesis n-gram and are left out.
        double p = (1.0 + 1.0) / 2;
        double r = (2.0 / 3 + 1.0 / 2) / 2;
        double f = 5 * p * r / (4 * p + r);
        assertEquals(f, ChrF.score("ab", "abc"), 1e-12);
        assertEquals(7.0 / 11, f, 1e-15);   // p = 1, r = 7/12: 5 * 7/12 / (4 + 7/12)
    }

    @Test
    void theHarmonicMeanOfControlAndRelevance() {
        assertEquals(2 * 0.5 * 0.2 / 0.7, Relevance.harmonicMean(0.5, 0.2), 1e-12);
        assertEquals(0.0, Relevance.harmonicMean(0.0, 0.0), 1e-12);
    }
}
