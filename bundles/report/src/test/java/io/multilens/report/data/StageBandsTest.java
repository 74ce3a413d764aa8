package io.multilens.report.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageBandsTest {

    @Test
    void paperSplitScalesWithDepth() {
        StageBands llama = StageBands.defaults(32);
        assertEquals(8, llama.understanding(), "paper: 8 of 32");
        assertEquals(4, llama.generation(), "paper: 4 of 32");
        assertEquals(List.of(new StageBands.Band("understanding", 0, 8), new StageBands.Band("task-solving", 8, 28),
                new StageBands.Band("generation", 28, 32)), llama.bands());
        StageBands tiny = StageBands.defaults(4);
        assertEquals(1, tiny.understanding());
        assertEquals(1, tiny.generation(), "0.5 rounds up, as the ablate plugin rounds it");
    }

    @Test
    void ablationProvenanceWins() throws Exception {
        var stages = new ObjectMapper().readTree("{\"layers\": 10, \"understanding\": 3, \"generation\": 0}");
        StageBands b = StageBands.fromProvenance(stages, "ablate").orElseThrow();
        assertEquals(List.of(new StageBands.Band("understanding", 0, 3), new StageBands.Band("task-solving", 3, 10)), b.bands());
        assertTrue(StageBands.fromProvenance(new ObjectMapper().readTree("{\"layers\": 2, \"understanding\": 3, \"generation\": 0}"), "x").isEmpty(),
                "a split that does not fit is ignored");
        assertTrue(StageBands.fromProvenance(new ObjectMapper().missingNode(), "x").isEmpty());
    }
}
