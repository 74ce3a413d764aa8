package io.multilens.report.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StageStructureGridTest {

    @Test
    void readsTheGridConditionsAndLeavesMissingCellsEmpty() throws Exception {
        var json = new ObjectMapper().readTree("""
                {"english_vs_others": {"understanding.ffn": {"delta_en": 0.01, "delta_non_en": 0.2},
                 "understanding.ffn.random": {"delta_en": 0.001, "delta_non_en": 0.002},
                 "generation.both": {"delta_en": 0.05, "delta_non_en": null},
                 "zh": {"delta_en": 0.3, "delta_non_en": 0.1}}}""");
        StageStructureGrid g = StageStructureGrid.fromMetrics(json).orElseThrow();
        assertTrue(!g.protocol() && g.otherLabel().equals("Δnon-en"));
        assertEquals(0.2, g.values()[0][1][1], 1e-12);
        assertEquals(0.002, g.values()[0][1][3], 1e-12);
        assertEquals(0.05, g.values()[2][2][0], 1e-12);
        assertTrue(Double.isNaN(g.values()[2][2][1]), "null stays empty");
        assertTrue(Double.isNaN(g.values()[1][0][0]), "task_solving.attention was not run");
        assertTrue(StageStructureGrid.fromMetrics(new ObjectMapper().readTree("{\"english_vs_others\": {\"zh\": {\"delta_en\": 1}}}")).isEmpty(),
                "per-language conditions are no grid");
    }

    @Test
    void theAuthorsProtocolIsPreferredWhenTheRunHasIt() throws Exception {
        var json = new ObjectMapper().readTree("""
                {"english_vs_others": {"understanding.ffn": {"delta_en": 0.9, "delta_non_en": 0.9}},
                 "paper_protocol_grid": {"understanding.ffn": {"zh": {"delta_en": 0.01}, "mean":
                   {"delta_en": 0.01, "delta_own": 0.4, "random_delta_en": 0.002, "random_delta_own": 0.003}}}}""");
        StageStructureGrid g = StageStructureGrid.fromMetrics(json).orElseThrow();
        assertTrue(g.protocol());
        assertEquals("Δown", g.otherLabel());
        assertEquals(0.01, g.values()[0][1][0], 1e-12);
        assertEquals(0.4, g.values()[0][1][1], 1e-12);
        assertEquals(0.003, g.values()[0][1][3], 1e-12);
    }
}
