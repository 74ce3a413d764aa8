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

    /**
     * The authors' protocol on results whose answer is known: each non-English language's own
     * set off, English and that language evaluated, and the mean over languages; English's own set
     * (condition en) never enters it, and the all-languages mean would say something else.
     */
    @Test
    void thePapersProtocolPairsEnglishWithEachLanguagesOwnChange() {
        Map<String, Map<String, NllTally>> results = new LinkedHashMap<>();
        results.put("baseline", row(2.0, 1.0, 4.0));
        results.put("en", row(3.0, 1.0, 4.0));           // must not count
        results.put("zh", row(2.1, 2.0, 4.4));           // Δen +5%, Δzh +100%
        results.put("zh.random", row(2.2, 1.1, 4.0));    // +10%, +10%
        results.put("th", row(2.0, 1.3, 6.0));           // Δen 0, Δth +50%
        results.put("th.random", row(2.04, 1.0, 4.0));   // +2%, 0
        results.put("zh.understanding.ffn", row(2.2, 1.5, 4.0));
        results.put("zh.understanding.ffn.random", row(2.0, 1.0, 4.0));
        results.put("th.understanding.ffn", row(2.0, 1.0, 5.0));
        results.put("understanding.ffn", row(9.0, 9.0, 9.0));   // a union cell: not a language's own
        PerplexityReport r = new PerplexityReport(List.of("en", "zh", "th"), results);
        Map<String, Object> p = r.paperProtocol();
        assertEquals(java.util.List.of("zh", "th", "mean"), List.copyOf(p.keySet()));
        Map<?, ?> zh = (Map<?, ?>) p.get("zh");
        assertEquals(0.05, (double) zh.get("delta_en"), 1e-12);
        assertEquals(1.0, (double) zh.get("delta_own"), 1e-12);
        assertEquals(0.10, (double) zh.get("random_delta_en"), 1e-12);
        assertEquals(0.10, (double) zh.get("random_delta_own"), 1e-12);
        Map<?, ?> mean = (Map<?, ?>) p.get("mean");
        assertEquals((0.05 + 0.0) / 2, (double) mean.get("delta_en"), 1e-12);
        assertEquals((1.0 + 0.5) / 2, (double) mean.get("delta_own"), 1e-12);
        assertEquals((0.10 + 0.02) / 2, (double) mean.get("random_delta_en"), 1e-12);
        assertEquals((0.10 + 0.0) / 2, (double) mean.get("random_delta_own"), 1e-12);
        // the all-languages summary of zh's set averages zh's own +100% with th's +10%: not the protocol
        assertEquals((1.0 + 0.1) / 2, (double) r.englishVsOthers().get("zh").get("delta_non_en"), 1e-12);

        Map<String, Object> grid = r.paperProtocolGrid();
        assertEquals(java.util.Set.of("understanding.ffn"), grid.keySet());
        Map<?, ?> cell = (Map<?, ?>) grid.get("understanding.ffn");
        assertEquals(0.1, (double) ((Map<?, ?>) cell.get("zh")).get("delta_en"), 1e-12);
        assertEquals(0.25, (double) ((Map<?, ?>) cell.get("th")).get("delta_own"), 1e-12);
        assertEquals(null, ((Map<?, ?>) cell.get("th")).get("random_delta_own"), "th's cell has no control");
        Map<?, ?> cellMean = (Map<?, ?>) cell.get("mean");
        assertEquals((0.5 + 0.25) / 2, (double) cellMean.get("delta_own"), 1e-12);
        assertEquals(0.0, (double) cellMean.get("random_delta_own"), 1e-12, "the mean of the controls there are");
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
