package io.multilens.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** multilens cluster master|worker: arguments Spark would reject with a page of output are one line here. */
class ClusterCommandTest {

    @Test
    void badArgumentsAreOneLineBeforeSparkStarts() {
        assertEquals(Optional.empty(), ClusterCommand.checkArguments("master", List.of("--port", "7077", "--webui-port", "8080")));
        assertEquals("cluster master --port 99999: give a port number 0..65535",
                ClusterCommand.checkArguments("master", List.of("--port", "99999")).orElseThrow());
        assertTrue(ClusterCommand.checkArguments("worker", List.of("notaurl")).orElseThrow()
                .contains("give the master as spark://HOST:PORT"));
        assertEquals("cluster worker --memory lots: give an amount such as 4g or 512m",
                ClusterCommand.checkArguments("worker", List.of("spark://127.0.0.1:1", "--memory", "lots")).orElseThrow());
        assertEquals("cluster worker --cores 0: give a number of at least 1",
                ClusterCommand.checkArguments("worker", List.of("spark://127.0.0.1:1", "--cores", "0")).orElseThrow());
        assertEquals(Optional.empty(), ClusterCommand.checkArguments("worker", List.of("spark://127.0.0.1:1", "--memory", "2g")));
        assertEquals("spark://127.0.0.1:1", ClusterCommand.masterOf(List.of("--cores", "1", "spark://127.0.0.1:1", "--memory", "2g")));
    }

    /** A master that never answers ends the worker with one line after the wait, instead of Spark's endless retries. */
    @Test
    void aWorkerWaitsForItsMasterThenSaysItCannotReachIt() throws Exception {
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        // nothing listens on port 1
        String down = ClusterCommand.awaitMaster("spark://127.0.0.1:1", 1, new java.io.PrintStream(said, true)).orElseThrow();
        assertTrue(down.startsWith("cluster worker spark://127.0.0.1:1: cannot reach the Spark master"), down);
        assertTrue(down.endsWith("(waited 1 s; -Dmultilens.cluster.master.wait=SECONDS waits longer)"), down);
        assertTrue(said.toString().contains("waiting up to 1 s for the master"), said.toString());
    }
}
