package io.multilens.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** A bundle FileInstall retries on every scan is reported in one line, once. */
class OneLineLogTest {

    @Test
    void repeatedFailuresAreOneLineOnceWithTheRootCause() {
        List<String> lines = new ArrayList<>();
        OneLineLog log = new OneLineLog(lines::add);
        for (int i = 0; i < 3; i++) {
            LogRecord r = new LogRecord(Level.SEVERE, "Error while starting bundle: file:/w/bad.jar");
            r.setThrown(new RuntimeException("outer", new IllegalStateException(
                    "Unable to resolve bad [12](R 12.0): missing requirement osgi.wiring.package=com.nowhere\nmore")));
            log.publish(r);
        }
        log.publish(new LogRecord(Level.INFO, "Installing bundle x"));
        assertEquals(List.of("Error while starting bundle: file:/w/bad.jar: Unable to resolve bad [12](R 12.0): missing"
                + " requirement osgi.wiring.package=com.nowhere"), lines);
    }
}
