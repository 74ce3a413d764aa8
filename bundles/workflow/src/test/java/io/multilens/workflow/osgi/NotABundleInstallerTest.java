package io.multilens.workflow.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jars dropped into a watched folder that are not bundles are named, with the reason. */
class NotABundleInstallerTest {

    @TempDir
    Path dir;

    private Path jar(String name, String symbolicName) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            m.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        }
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return file;
    }

    @Test
    void eachKindOfNonBundleIsNamedAndABundleIsLeftToFileInstall() throws Exception {
        Path random = Files.write(dir.resolve("x.jar"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Path empty = Files.write(dir.resolve("empty.jar"), new byte[0]);
        Path plain = jar("plain.jar", null);
        Path bundle = jar("bundle.jar", "org.example.b");
        assertTrue(NotABundleInstaller.whyNotABundle(random.toFile()).orElseThrow().startsWith("not a jar"));
        assertEquals(Optional.of("the file is empty"), NotABundleInstaller.whyNotABundle(empty.toFile()));
        assertEquals(Optional.of("its manifest has no Bundle-SymbolicName"), NotABundleInstaller.whyNotABundle(plain.toFile()));
        NotABundleInstaller installer = new NotABundleInstaller();
        assertTrue(installer.canHandle(random.toFile()) && installer.canHandle(plain.toFile()));
        assertFalse(installer.canHandle(bundle.toFile()), "a real bundle is FileInstall's");
    }
}
