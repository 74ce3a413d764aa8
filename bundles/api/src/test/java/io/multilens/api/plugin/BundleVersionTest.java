package io.multilens.api.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

class BundleVersionTest {

    @Test
    void readsTheManifestOfTheClassesOwnLocationNotTheFirstOnTheClassPath() throws Exception {
        // bnd writes target/classes/META-INF/MANIFEST.MF before tests run; the class path also
        // holds Jackson's and JUnit's jars, whose manifests must not be picked.
        Path manifest = Path.of("target/classes/META-INF/MANIFEST.MF");
        String expected;
        try (InputStream in = Files.newInputStream(manifest)) {
            expected = new Manifest(in).getMainAttributes().getValue("Bundle-Version");
        }
        assertEquals(expected, BundleVersion.of(PluginInfo.class));
        assertTrue(BundleVersion.release(PluginInfo.class).matches("\\d+\\.\\d+\\.\\d+"),
            BundleVersion.release(PluginInfo.class));
        assertTrue(expected.startsWith(BundleVersion.release(PluginInfo.class) + "."), expected);
    }

    @Test
    void classesWithoutABundleManifestAreUnknown() {
        assertEquals(BundleVersion.UNKNOWN, BundleVersion.of(String.class));
        assertEquals(BundleVersion.UNKNOWN, BundleVersion.release(String.class));
    }

    @Test
    void releaseDropsOnlyTheQualifier() {
        assertEquals("1.2.3", BundleVersion.release("1.2.3.202611291242"));
        assertEquals("1.2.3", BundleVersion.release("1.2.3"));
    }
}
