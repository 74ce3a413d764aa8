package io.multilens.eval.tasks.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.eval.tasks.data.Example;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskReportTest {

    private static Prediction scored(double acc) {
        return new Prediction("i", "p", "o", "a", "g", Map.of("acc", acc), false);
    }

    private static LanguageData<Object> items(int n, int original) {
        PromptedItem<Object> item = new PromptedItem<>(null, new Example("i", Map.of(), "x"), "p", new int[0], false);
        return new LanguageData<>(Collections.nCopies(n, item), original);
    }

    @Test
    void averagesOverLanguagesWithIndependentErrors() {
        Results r = new Results(List.of("acc"));
        for (double s : new double[] {1, 0, 1, 1}) {
            r.add("baseline", "en", scored(s));
        }
        r.add("baseline", "zh", scored(1));
        r.add("baseline", "zh", scored(1));
        Map<String, LanguageData<?>> data = new LinkedHashMap<>();
        data.put("en", items(4, 250));
        data.put("zh", items(2, 250));
        TaskReport report = new TaskReport("demo", List.of("en", "zh"), r, data);

        Map<String, Object> avg = report.average("baseline");
        // en: 0.75 ± 0.25, zh: 1 ± 0 -> (0.75 + 1) / 2, sqrt(0.25^2 + 0) / 2
        assertEquals(0.875, (double) avg.get("acc"), 1e-15);
        assertEquals(0.125, (double) avg.get("acc_stderr"), 1e-15);

        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, Object>>> results =
                (Map<String, Map<String, Map<String, Object>>>) report.metrics(Map.of()).get("results");
        assertEquals(0.25, (double) results.get("baseline").get("en").get("acc_stderr"), 1e-15);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> n = (Map<String, Map<String, Object>>) report.metrics(Map.of()).get("n-samples");
        assertEquals(250, n.get("en").get("original"));
        assertEquals(4, n.get("en").get("effective"));

        String table = report.table();
        assertTrue(table.lines().anyMatch(l -> l.matches("baseline\\s+75\\.0\\s+100\\.0\\s+87\\.5")), table);
    }

    @Test
    void aSingleItemHasNoStandardError() {
        Results r = new Results(List.of("acc"));
        r.add("baseline", "en", scored(1));
        TaskReport report = new TaskReport("demo", List.of("en"), r, Map.of("en", items(1, 1)));
        assertNull(report.average("baseline").get("acc_stderr"));
    }

    @Test
    void everyConditionIsPairedWithTheBaselineOnTheSameItems() {
        Results r = new Results(List.of("acc"));
        double[] base = {1, 1, 0, 1, 0, 1, 1, 0};
        double[] ablated = {0, 1, 0, 0, 0, 0, 0, 1};
        for (int i = 0; i < base.length; i++) {
            r.add("baseline", "en", new Prediction("q" + i, "p", "o", "a", "g", Map.of("acc", base[i]), false));
        }
        for (int i = ablated.length - 1; i >= 0; i--) {   // another order: pairing is by item, not position
            r.add("zh", "en", new Prediction("q" + i, "p", "o", "a", "g", Map.of("acc", ablated[i]), false));
        }
        Map<String, LanguageData<?>> data = new LinkedHashMap<>();
        data.put("en", items(8, 8));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, Map<String, Object>>>> paired = (Map<String, Map<String, Map<String, Map<String, Object>>>>)
                new TaskReport("demo", List.of("en"), r, data).metrics(Map.of()).get("paired_vs_baseline");
        Map<String, Object> acc = paired.get("zh").get("en").get("acc");
        // differences: -1, 0, 0, -1, 0, -1, -1, +1 -> mean -3/8
        assertEquals(-3.0 / 8, (double) acc.get("mean_difference"), 1e-12);
        assertEquals("mcnemar_exact", acc.get("test"));
        assertEquals(4, acc.get("discordant_baseline_only"));
        assertEquals(1, acc.get("discordant_condition_only"));
        // two-sided exact binomial, 1 of 5 at 1/2: 2 * (1 + 5) / 32 = 0.375
        assertEquals(0.375, (double) acc.get("p_value"), 1e-12);
    }
}
