package io.multilens.eval.perplexity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class InterventionCheckTest {

    /** metrics.json is byte-reproducible: an effect's keys come in one fixed order in every JVM. */
    @Test
    void anEffectsKeysHaveOneOrder() {
        InterventionCheck.Effect e = new InterventionCheck.Effect(3, 2, 5);
        assertEquals(List.of("neurons", "changed_documents", "documents"), List.copyOf(e.json().keySet()));
        assertEquals(List.of(3L, 2L, 5L), List.copyOf(e.json().values()));
    }
}
