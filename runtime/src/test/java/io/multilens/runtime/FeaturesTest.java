package io.multilens.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which bundle folders a run installs: conf/features, --features, and the refusals. */
class FeaturesTest {

    @TempDir
    Path home;

    @Test
    void confFeaturesChoosesAndTheCommandLineOverrides() throws Exception {
        Files.createDirectories(home.resolve("bundle/core"));
        Files.createDirectories(home.resolve("bundle/analysis"));
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/features"), "# comment\ncore\n\nanalysis\n");
        Features.Choice all = Features.choose(home, null);
        assertEquals(List.of("core", "analysis"), all.installed());
        assertEquals(List.of("analysis", "core"), all.available());
        assertEquals(List.of(home.resolve("bundle/core"), home.resolve("bundle/analysis")), all.folders(home));
        assertEquals(List.of("core"), Features.choose(home, List.of("core")).installed(), "core alone is a valid choice");

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Features.choose(home, List.of("core", "spark")));
        assertTrue(unknown.getMessage().contains("feature 'spark' is not in this distribution")
                && unknown.getMessage().contains("available: analysis, core"), unknown.getMessage());
        IllegalArgumentException noCore = assertThrows(IllegalArgumentException.class,
                () -> Features.choose(home, List.of("analysis")));
        assertTrue(noCore.getMessage().contains("leave out 'core'"), noCore.getMessage());
        assertEquals(List.of("core"), CliParser.parse(new String[] {"plugins", "--features", "core"}).features());
    }
}
