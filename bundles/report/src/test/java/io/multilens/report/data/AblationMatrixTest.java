package io.multilens.report.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class AblationMatrixTest {

    @Test
    void rowsAreLanguageSetsThenRandomControlsWithoutTheBaseline() throws Exception {
        AblationMatrix m = AblationMatrix.fromMetrics(new ObjectMapper().readTree("""
                {"relative_nll_change": {
                   "baseline": {"en": 0.0, "zh": 0.0},
                   "en": {"en": 0.012, "zh": -0.001},
                   "en.random": {"en": 0.0004, "zh": 0.0002},
                   "zh": {"en": -0.002, "zh": 0.0345, "ru": 0.01}}}"""));
        assertEquals(List.of("en", "zh", "en.random"), m.conditions(), "controls after the sets: own cells on a diagonal");
        assertEquals(List.of("en", "zh", "ru"), m.languages());
        assertEquals(0.012, m.values()[0][0]);
        assertEquals(-0.001, m.values()[0][1]);
        assertEquals(0.0345, m.values()[1][1]);
        assertEquals(0.0004, m.values()[2][0]);
        assertTrue(Double.isNaN(m.values()[0][2]), "en was not evaluated on ru");
        assertEquals(0.0345, m.extent());
        assertTrue(AblationMatrix.own("zh", "zh"));
    }

    @Test
    void everyControlPoolComesAfterTheSets() throws Exception {
        AblationMatrix m = AblationMatrix.fromMetrics(new ObjectMapper().readTree("""
                {"relative_nll_change": {
                   "en": {"en": 0.2}, "en.random": {"en": 0.01}, "en.random-all-specific": {"en": 0.002},
                   "en.random-matched": {"en": 0.1}, "zh": {"en": 0.0}}}"""));
        assertEquals(List.of("en", "zh", "en.random", "en.random-all-specific", "en.random-matched"), m.conditions());
    }

    @Test
    void metricsWithoutTheMatrixAreRefused() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> AblationMatrix.fromMetrics(new ObjectMapper().readTree("{\"results\": {}}")));
    }
}
