package io.multilens.eval.perplexity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PerplexityReportTest {

    /** One document of 10 tokens with total NLL {@code 10 * mean}. */
    private static NllTally tally(double mean) {
        NllTally t = new NllTally();
        t.add(10 * mean, 10);
        return t;
    }

    private static Map<String, NllTally> row(double en, double zh, double th) {
        Map<String, NllTally> r = new LinkedHashMap<>();
        r.put("en", tally(en));
        r.put("zh", tally(zh));
        r.put("th", tally(th));
        return r;
    }

    private final PerplexityReport report = new PerplexityReport(List.of("en", "zh", "th"), new LinkedHashMap<>(Map.of(
            "baseline", row(2.0, 1.0, 4.0),
            "zh", row(2.1, 1.5, 4.0),
            "zh.random", row(2.0, 1.05, 4.2))));

    @Test
    void relativeChangeAndTheLanguageSpecificEffect() {
        assertEquals(0.05, report.relative("zh", "en"), 1e-12);
        assertEquals(0.5, report.relative("zh", "zh"), 1e-12);
        Map<String, Object> zh = report.specificity().get("zh");
        assertEquals(0.5, (double) zh.get("own"), 1e-12);
        assertEquals(0.025, (double) zh.get("others_mean"), 1e-12);   // (0.05 + 0) / 2
        assertEquals(20.0, (double) zh.get("own_over_others"), 1e-9);
        assertEquals(0.05, (double) zh.get("random_control"), 1e-12);
        assertEquals(0.1, (double) zh.get("random_over_own"), 1e-9);
        assertFalse(report.specificity().containsKey("en"), "no set named en was switched off");
    }

    @Test
    void tablesAndCsv() {
        assertTrue(report.relativeCsv().contains("zh,0.050000,0.500000,0.000000"), report.relativeCsv());
        assertTrue(report.table().contains("+50.0%"), report.table());
        assertTrue(report.specificityTable().contains("20.00"), report.specificityTable());
    }

    @Test
    void englishAgainstTheMeanOfTheOthersForEveryCondition() {
        Map<String, Map<String, Object>> h = report.englishVsOthers();
        assertEquals(java.util.Set.of("zh", "zh.random"), h.keySet());
        assertEquals(0.05, (double) h.get("zh").get("delta_en"), 1e-12);
        assertEquals((0.5 + 0.0) / 2, (double) h.get("zh").get("delta_non_en"), 1e-12);
        assertEquals(0.0, (double) h.get("zh.random").get("delta_en"), 1e-12);
        assertEquals((0.05 + 0.05) / 2, (double) h.get("zh.random").get("delta_non_en"), 1e-12);
    }

    @Test
    void bitsPerByteIsTheNllInBitsOverTheBytesOfTheText() {
        NllTally t = new NllTally();
        t.add(7.0, 5, 9);
        t.add(3.0, 2, 4);
        assertEquals(10.0 / 13 / Math.log(2), t.bitsPerByte(), 1e-12);
        assertTrue(Double.isNaN(tally(1.0).bitsPerByte()), "no bytes counted: no figure");
    }

    @Test
    void extraControlsAreReportedNextToThePapersControl() {
        Map<String, Map<String, NllTally>> results = new LinkedHashMap<>(Map.of(
                "baseline", row(2.0, 1.0, 4.0), "zh", row(2.1, 1.5, 4.0), "zh.random", row(2.0, 1.05, 4.2),
                "zh.random-all-specific", row(2.0, 1.02, 4.0)));
        PerplexityReport r = new PerplexityReport(List.of("en", "zh", "th"), results);
        Map<?, ?> other = (Map<?, ?>) ((Map<?, ?>) r.specificity().get("zh").get("other_controls")).get("random-all-specific");
        assertEquals(0.02, (double) other.get("change"), 1e-12);
        assertTrue(r.specificityTable().contains("random-all-specific +2.0%"), r.specificityTable());
    }
}
