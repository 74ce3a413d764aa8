package io.multilens.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** RoPE inverse frequencies, plain and with config.json's rope_scaling. */
class RopeFrequenciesTest {

    private static final Path CONFIG = Path.of("config.json");

    @Test
    void plainFrequenciesAreThetaPowers() {
        double[] inv = RopeFrequencies.of(CONFIG, null, 8, 10000.0);
        assertArrayEquals(new double[] {1, 0.1, 0.01, 0.001}, inv, 1e-15);
    }

    @Test
    void linearScalingDividesEveryFrequency() throws Exception {
        double[] inv = RopeFrequencies.of(CONFIG, new ObjectMapper().readTree("{\"type\":\"linear\",\"factor\":4}"),
                8, 10000.0);
        assertArrayEquals(new double[] {0.25, 0.025, 0.0025, 0.00025}, inv, 1e-15);
    }

    /** Llama 3.1's setting on its head size 128, theta 500000: three bands of wavelengths. */
    @Test
    void llama3ScalingKeepsHighDividesLowAndBlendsBetween() throws Exception {
        String json = "{\"rope_type\":\"llama3\",\"factor\":8.0,\"low_freq_factor\":1.0,\"high_freq_factor\":4.0,"
                + "\"original_max_position_embeddings\":8192}";
        double[] plain = RopeFrequencies.of(CONFIG, null, 128, 500000.0);
        double[] scaled = RopeFrequencies.of(CONFIG, new ObjectMapper().readTree(json), 128, 500000.0);
        int kept = 0;
        int divided = 0;
        int blended = 0;
        for (int i = 0; i < plain.length; i++) {
            double wavelen = 2 * Math.PI / plain[i];
            if (wavelen < 8192 / 4.0) {
                assertEquals(plain[i], scaled[i], 0.0);
                kept++;
            } else if (wavelen > 8192 / 1.0) {
                assertEquals(plain[i] / 8, scaled[i], 1e-18);
                divided++;
            } else {
                assertTrue(scaled[i] < plain[i] && scaled[i] > plain[i] / 8, "band " + i + " is blended");
                blended++;
            }
        }
        assertTrue(kept > 0 && divided > 0 && blended > 0, kept + "/" + blended + "/" + divided);
        // the blend is continuous: at wavelength original/high it keeps the frequency, at original/low it divides it
        double atHigh = 2 * Math.PI / 2048;
        double atLow = 2 * Math.PI / 8192;
        assertEquals(atHigh, RopeFrequencies.llama3(new double[] {atHigh}, 8, 1, 4, 8192)[0], 1e-15);
        assertEquals(atLow / 8, RopeFrequencies.llama3(new double[] {atLow}, 8, 1, 4, 8192)[0], 1e-15);
    }
}
