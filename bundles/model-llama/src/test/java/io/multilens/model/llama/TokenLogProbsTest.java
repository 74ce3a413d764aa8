package io.multilens.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** tokenLogProbs against log_softmax of the reference logits, computed here in double. */
class TokenLogProbsTest {

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN2, Fixtures.QWEN3, Fixtures.PHI3})
    void matchesLogSoftmaxOfTheReference(String fixture) {
        int[][] docs = Fixtures.documents(fixture);
        try (LanguageModel model = Fixtures.load(fixture)) {
            double[][] got = model.tokenLogProbs(docs, Intervention.NONE);
            assertEquals(docs.length, got.length);
            for (int d = 0; d < docs.length; d++) {
                double[][] logits = Fixtures.logits(fixture, d);
                double[] want = new double[docs[d].length - 1];
                for (int t = 0; t < want.length; t++) {
                    want[t] = logSoftmax(logits[t])[docs[d][t + 1]];
                }
                assertEquals(want.length, got[d].length, "one value per token after the first");
                double scale = Fixtures.maxAbs(Fixtures.flatten(logits));
                for (int t = 0; t < want.length; t++) {
                    // a log-probability's error is at most twice the logits' error
                    assertTrue(Math.abs(got[d][t] - want[t]) <= 2e-4 * scale,
                            fixture + " doc " + d + " token " + t + ": " + got[d][t] + " vs " + want[t]);
                }
            }
        }
    }

    private static double[] logSoftmax(double[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : row) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (double x : row) {
            sum += Math.exp(x - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = row[i] - log;
        }
        return out;
    }
}
