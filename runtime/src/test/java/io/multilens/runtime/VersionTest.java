package io.multilens.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void versionIsTheBuildsProjectVersion() throws Exception {
        assertEquals("version", CliParser.parse(new String[] {"--version"}).command());
        assertEquals("version", CliParser.parse(new String[] {"run", "x.yaml", "--version"}).command());
        assertEquals("quiet", CliParser.parse(new String[] {"run", "x.yaml", "--quiet"}).verbosity());
        assertEquals("verbose", CliParser.parse(new String[] {"run", "x.yaml", "-v"}).verbosity());
        assertEquals("normal", CliParser.parse(new String[] {"run", "x.yaml"}).verbosity());
        org.junit.jupiter.api.Assertions.assertThrows(CliParser.UsageException.class,
                () -> CliParser.parse(new String[] {"run", "x.yaml", "-q", "-v"}));
        String line = CliParser.version();
        assertTrue(line.matches("multilens \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java .*\\)"), line);
    }
}
