package io.multilens.eval.perplexity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NllTallyTest {

    @Test
    void meanIsTokenWeightedAndStderrMatchesTheDeltaMethod() {
        NllTally t = new NllTally();
        // documents: (sum NLL, predicted tokens)
        double[][] docs = {{6.0, 3}, {2.0, 2}, {10.0, 4}, {1.0, 1}};
        for (double[] d : docs) {
            t.add(d[0], (long) d[1]);
        }
        assertEquals(19.0 / 10.0, t.meanNll(), 1e-12);
        assertEquals(Math.exp(1.9), t.perplexity(), 1e-12);
        // by hand: residuals r_i = s_i - m t_i = 0.3, -1.8, 2.4, -0.9; sum r^2 = 9.9
        // var = 9.9 / (n (n-1)) / tbar^2 = 9.9 / 12 / 6.25
        assertEquals(Math.sqrt(9.9 / 12 / 6.25), t.meanNllStderr(), 1e-12);
    }

    @Test
    void shardsMergeToTheSameResult() {
        NllTally all = new NllTally();
        NllTally a = new NllTally();
        NllTally b = new NllTally();
        for (int i = 1; i <= 20; i++) {
            double nll = Math.sqrt(i) * 3;
            all.add(nll, i);
            (i % 3 == 0 ? a : b).add(nll, i);
        }
        a.merge(b);
        assertEquals(all.meanNll(), a.meanNll(), 1e-12);
        assertEquals(all.meanNllStderr(), a.meanNllStderr(), 1e-12);
        assertEquals(all.tokens(), a.tokens());
        assertEquals(all.documents(), a.documents());
    }

    @Test
    void documentsWithNothingToPredictAreNotCounted() {
        NllTally t = new NllTally();
        t.add(0, 0);
        t.add(2.0, 2);
        assertEquals(1, t.documents());
        assertEquals(Double.NaN, t.meanNllStderr());
    }
}
