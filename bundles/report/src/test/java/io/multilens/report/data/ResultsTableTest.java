package io.multilens.report.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTableTest {

    @Test
    void lmEvalShapeGivesMetricsWithTheirStandardErrors() throws Exception {
        ResultsTable r = ResultsTable.from(new ObjectMapper().readTree("""
                {"baseline": {"en": {"acc": 0.5, "acc_stderr": 0.01, "f1": 0.4, "samples": 100},
                              "zh": {"acc": 0.4, "acc_stderr": "N/A", "f1": 0.3, "samples": 100}},
                 "zh":       {"en": {"acc": 0.49, "acc_stderr": 0.01, "f1": 0.41},
                              "zh": {"acc": 0.2, "acc_stderr": 0.02}}}""")).orElseThrow();
        assertEquals(List.of("baseline", "zh"), r.conditions());
        assertEquals(List.of("en", "zh"), r.languages());
        assertEquals(List.of("acc", "f1", "samples"), r.metrics(), "acc_stderr belongs to acc");
        assertEquals(List.of("acc"), r.metricsWithStderr());
        assertEquals(0.2, r.value("zh", "zh", "acc").getAsDouble());
        assertEquals(0.02, r.stderr("zh", "zh", "acc").getAsDouble());
        assertTrue(r.stderr("baseline", "zh", "acc").isEmpty(), "\"N/A\" is no standard error");
        assertTrue(r.value("zh", "zh", "f1").isEmpty());
    }

    @Test
    void otherShapesAreNotResultTables() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertTrue(ResultsTable.from(json.readTree("{\"baseline\": {\"en\": 0.5}}")).isEmpty());
        assertTrue(ResultsTable.from(json.readTree("[]")).isEmpty());
        assertTrue(ResultsTable.from(json.missingNode()).isEmpty());
    }
}
