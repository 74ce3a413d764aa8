package io.multilens.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --torch-home: a local PyTorch is checked against the DJL bridge on the class path before DJL sees it. */
class TorchHomeTest {

    private static final ClassLoader BRIDGE = TorchHomeTest.class.getClassLoader();

    @TempDir
    Path tmp;

    /** A pip-style torch folder: version.py and lib/libtorch.so. */
    private Path pipTorch(String version) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("torch-" + version));
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/libtorch.so"), "");
        Files.writeString(dir.resolve("version.py"), "__version__ = '" + version + "'\ngit_version = 'abc'\n");
        return dir;
    }

    @Test
    void theBridgeOnTheClassPathIsForPyTorch271WithCpuAndCu128() throws Exception {
        assertEquals("2.7.1", TorchHome.bridgeTorchVersion(BRIDGE));
        assertTrue(TorchHome.bridgeFlavors("linux-x86_64", BRIDGE).containsAll(java.util.List.of("cpu", "cu128")));
    }

    @Test
    void aMatchingCudaBuildPointsDjlAtItsLibraries() throws Exception {
        Path dir = pipTorch("2.7.1+cu128");
        TorchHome home = TorchHome.check(dir, "linux-x86_64", BRIDGE);
        assertEquals(new TorchHome(dir.resolve("lib"), "2.7.1", "cu128"), home);
        // a libtorch archive says its version in build-version
        Path libtorch = Files.createDirectories(tmp.resolve("libtorch/lib"));
        Files.writeString(libtorch.resolve("libtorch.so"), "");
        Files.writeString(libtorch.getParent().resolve("build-version"), "2.7.1+cpu\n");
        assertEquals("cpu", TorchHome.check(libtorch.getParent(), "linux-x86_64", BRIDGE).flavor());
    }

    @Test
    void anotherVersionIsRefusedNamingBothAndTheFix() throws Exception {
        TorchHome.Invalid e = assertThrows(TorchHome.Invalid.class,
                () -> TorchHome.check(pipTorch("2.6.0+cu124"), "linux-x86_64", BRIDGE));
        assertTrue(e.getMessage().contains("PyTorch 2.6.0+cu124") && e.getMessage().contains("needs PyTorch 2.7.1")
                && e.getMessage().contains("pip install torch==2.7.1"), e.getMessage());
    }

    @Test
    void aFlavourWithoutABridgeIsRefused() throws Exception {
        TorchHome.Invalid e = assertThrows(TorchHome.Invalid.class,
                () -> TorchHome.check(pipTorch("2.7.1+cu126"), "linux-x86_64", BRIDGE));
        assertTrue(e.getMessage().contains("cu126 build") && e.getMessage().contains("cu128"), e.getMessage());
    }

    @Test
    void aFolderThatIsNoPyTorchIsRefused() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertTrue(assertThrows(TorchHome.Invalid.class, () -> TorchHome.check(empty, "linux-x86_64", BRIDGE))
                .getMessage().contains("no lib/libtorch.so"));
        assertTrue(assertThrows(TorchHome.Invalid.class, () -> TorchHome.check(tmp.resolve("nope"), "linux-x86_64", BRIDGE))
                .getMessage().contains("no such folder"));
    }

    @Test
    void theCommandLineRefusesABadTorchHomeInOneLineWithExitCode2() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"doctor", "--torch-home", pipTorch("2.5.1").toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.contains("needs PyTorch 2.7.1"), text);
    }

    @Test
    void doctorReportsTheEngineDevicesAndWhichTypesWork() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"doctor"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("PyTorch 2.7.1") && text.contains("flavour cpu"), text);
        assertTrue(text.contains("cpu: float32 yes, float16 yes, bfloat16 yes"), text);
    }
}
