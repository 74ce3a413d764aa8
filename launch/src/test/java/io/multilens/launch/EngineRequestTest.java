package io.multilens.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class EngineRequestTest {

    @Test
    void commandNamesRoundTripAndUnknownOnesAreRefused() {
        for (String name : List.of("run", "validate", "plugins", "report")) {
            assertEquals(name, EngineCommand.of(name).toString());
        }
        assertThrows(IllegalArgumentException.class, () -> EngineCommand.of("watch"));
    }

    @Test
    void aRunKeepsItsArgumentsAndTheWithersChangeOnlyTheirOwn() {
        List<String> sets = new ArrayList<>(List.of("model=m"));
        EngineRequest run = EngineRequest.run(Path.of("flow.yaml"), Path.of("out"), sets, true);
        sets.add("late=1");   // copied: the caller's later edits do not reach the engine
        assertEquals(List.of("model=m"), run.sets());
        assertEquals("normal", run.verbosity());
        assertSame(System.out, run.stdout());
        assertNull(run.cluster());

        PrintStream printer = new PrintStream(new ByteArrayOutputStream());
        AtomicBoolean cancel = new AtomicBoolean();
        EngineRequest changed = run.withStreams(printer, printer).withVerbosity("quiet").withCancel(cancel)
                .withCluster(new ClusterRequest("local[2]", 4, 0, 0, null, ClusterRequest.DEFAULT_EXECUTOR_WAIT_SECONDS));
        assertEquals(run.file(), changed.file());
        assertEquals(run.out(), changed.out());
        assertTrue(changed.force());
        assertEquals("quiet", changed.verbosity());
        assertSame(printer, changed.stderr());
        assertSame(cancel, changed.cancel());
        assertEquals(4, changed.cluster().shards());
        assertThrows(IllegalArgumentException.class, () -> new ClusterRequest(" ", 0, 0, 0, null, ClusterRequest.DEFAULT_EXECUTOR_WAIT_SECONDS));
    }
}
