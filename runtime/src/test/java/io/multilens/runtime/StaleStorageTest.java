package io.multilens.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Felix cache folders of killed runs are removed at the next start; live ones and foreign ones are kept. */
class StaleStorageTest {

    @Test
    void onlyFoldersOfDeadOwnersAreRemoved(@TempDir Path tmp) throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path stale = Files.createDirectories(tmp.resolve(StaleStorage.PREFIX + "1/cache"));
        Files.writeString(stale.getParent().resolve("owner.pid"), String.valueOf(dead.pid()));
        Path live = Files.createDirectories(tmp.resolve(StaleStorage.PREFIX + "2"));
        StaleStorage.mark(live);
        Path foreign = Files.createDirectories(tmp.resolve(StaleStorage.PREFIX + "3"));
        StaleStorage.removeLeftovers(tmp);
        assertFalse(Files.exists(stale.getParent()));
        assertTrue(Files.exists(live));
        assertTrue(Files.exists(foreign));
    }

    /** The owner file survives Felix's first-init clean (it used to be written before and wiped), and close removes the cache. */
    @Test
    void aRunningFrameworksCacheNamesItsOwnerAndCloseRemovesIt() throws Exception {
        Path storage;
        try (EmbeddedFramework fw = new EmbeddedFramework(java.util.List.of(), null, java.util.Map.of(), System.err)) {
            storage = fw.storage();
            assertTrue(Files.isRegularFile(storage.resolve("owner.pid")), "the next start can tell whose cache this is");
            assertFalse(StaleStorage.abandoned(storage), "its owner runs");
            fw.close();   // twice, as Ctrl-C's hook and then the launcher do
        }
        assertFalse(Files.exists(storage));
    }
}
