package io.multilens.workflow.cluster;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    private static ClusterSettings settings(String master) {
        return new ClusterSettings(master, 2, Path.of("/opt/multilens"), List.of(), 4, 0, 0, null, 120);
    }

    /** A master no run could use is refused before a driver starts or a folder is made. */
    @Test
    void masterUrlsAreCheckedBeforeAnythingStarts() {
        for (String ok : List.of("local", "local[2]", "local[*]", "local[4,2]", "local-cluster[2,1,1024]", "spark://head:7077",
                "spark://a:7077,b:7077")) {
            assertDoesNotThrow(() -> settings(ok), ok);
        }
        for (String bad : List.of("bogus://x", "local[abc]", "yarn", "local[0]", "local-cluster[0,1,1024]", "spark://head",
                "notaurl")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(bad), bad);
            assertTrue(e.getMessage().startsWith("--cluster " + bad + ": not a master multilens can run on"), e.getMessage());
        }
    }
}
