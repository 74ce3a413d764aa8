package io.multilens.eval.tasks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MeanTallyTest {

    @Test
    void meanAndStandardErrorOfTheMean() {
        MeanTally t = new MeanTally();
        for (double s : new double[] {1, 0, 1, 1}) {
            t.add(s);
        }
        assertEquals(0.75, t.mean(), 1e-15);
        // sample variance: (3 * 0.25^2 + 0.75^2) / 3 = 0.25; stderr = sqrt(0.25 / 4) = 0.25
        assertEquals(0.25, t.stderr(), 1e-15);
    }

    @Test
    void oneItemHasNoStandardError() {
        MeanTally t = new MeanTally();
        t.add(0.5);
        assertEquals(0.5, t.mean());
        assertEquals(Double.NaN, t.stderr());
        assertEquals(Double.NaN, new MeanTally().mean());
    }
}
