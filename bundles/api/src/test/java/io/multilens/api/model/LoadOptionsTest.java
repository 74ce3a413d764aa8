package io.multilens.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.status.StepFailure;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    @Test
    void aForcedSizeIsReadOrRefusedByName() {
        assertEquals(24L << 30, MemoryBudget.forcedBytes("multilens.memory.available", "24g"));
        assertEquals(512L << 20, MemoryBudget.forcedBytes("multilens.memory.available", "512MiB"));
        StepFailure bad = assertThrows(StepFailure.class, () -> MemoryBudget.forcedBytes("multilens.memory.available", "abc"));
        assertTrue(bad.getMessage().startsWith("-Dmultilens.memory.available=abc is not a size"), bad.getMessage());
        StepFailure negative = assertThrows(StepFailure.class, () -> MemoryBudget.forcedBytes("multilens.memory.available", "-5g"));
        assertTrue(negative.getMessage().contains("is not a positive size"), negative.getMessage());
    }

    /** An empty device (--set device=) is an error, not the CPU. */
    @Test
    void anEmptyDeviceIsRefused() {
        assertEquals("cpu", LoadOptions.of("cpu").device());
        StepFailure e = assertThrows(StepFailure.class, () -> LoadOptions.of(" "));
        assertTrue(e.getMessage().startsWith("option 'device' is empty"), e.getMessage());
    }
}
