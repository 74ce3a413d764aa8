package io.multilens.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local libtorch for GPU hosts: the {@code torch} folder of a pip-installed PyTorch
 * ({@code site-packages/torch}, with {@code version.py} and {@code lib/}) or an unpacked libtorch
 * archive ({@code build-version} and {@code lib/}). DJL's CUDA natives are not on Maven Central;
 * its JNI bridge (in the pytorch-jni jar) is, for the flavours it lists. This checks that the
 * folder's PyTorch version is the one the bridge was built against and that a bridge exists for
 * its flavour, then points DJL at it (PYTORCH_LIBRARY_PATH, PYTORCH_VERSION, PYTORCH_FLAVOR).
 *
 * @param libDir  the folder holding libtorch.so
 * @param version e.g. 2.7.1
 * @param flavor  cpu or cuXYZ
 */
record TorchHome(Path libDir, String version, String flavor) {

    /** Environment variable naming the folder when {@code --torch-home} is not given. */
    static final String ENV = "MULTILENS_TORCH_HOME";

    private static final Pattern VERSION_PY = Pattern.compile("__version__\\s*=\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+\\.\\d+)(?:\\+(\\w+))?.*");

    /** A folder that cannot be used; the message is the one line to print. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    static TorchHome check(Path dir, String platform, ClassLoader bridge) throws Invalid {
        if (!Files.isDirectory(dir)) {
            throw new Invalid("--torch-home " + dir + ": no such folder; give the torch folder of a pip-installed PyTorch"
                    + " (python3 -c 'import torch, os; print(os.path.dirname(torch.__file__))') or an unpacked libtorch");
        }
        Path lib = dir.resolve("lib");
        if (!Files.isRegularFile(lib.resolve("libtorch.so")) && !Files.isRegularFile(lib.resolve("libtorch_cpu.so"))) {
            throw new Invalid("--torch-home " + dir + ": no lib/libtorch.so; this is not a PyTorch or libtorch folder");
        }
        String full = readVersion(dir);
        Matcher m = VERSION.matcher(full);
        if (!m.matches()) {
            throw new Invalid("--torch-home " + dir + ": cannot read its version from '" + full + "'");
        }
        String version = m.group(1);
        String flavor = m.group(2) == null ? "cpu" : m.group(2);
        String wanted = bridgeTorchVersion(bridge);
        if (!version.equals(wanted)) {
            throw new Invalid("--torch-home " + dir + ": PyTorch " + full + ", but multilens's DJL bridge needs PyTorch "
                    + wanted + "; install torch==" + wanted + " (e.g. pip install torch==" + wanted + " --index-url"
                    + " https://download.pytorch.org/whl/" + (flavor.equals("cpu") ? "cu128" : flavor) + ")");
        }
        List<String> flavors = bridgeFlavors(platform, bridge);
        if (!flavors.contains(flavor)) {
            throw new Invalid("--torch-home " + dir + ": PyTorch " + full + " is the " + flavor + " build, but the DJL bridge"
                    + " exists for " + String.join(", ", flavors) + " only; install torch==" + wanted + "+"
                    + flavors.stream().filter(f -> f.startsWith("cu")).findFirst().orElse("cpu"));
        }
        return new TorchHome(lib, version, flavor);
    }

    /** Points DJL at this libtorch (DJL reads each as an environment variable or a system property). */
    void apply() {
        System.setProperty("PYTORCH_LIBRARY_PATH", libDir.toString());
        System.setProperty("PYTORCH_VERSION", version);
        System.setProperty("PYTORCH_FLAVOR", flavor);
    }

    private static String readVersion(Path dir) throws Invalid {
        try {
            Path py = dir.resolve("version.py");
            if (Files.isRegularFile(py)) {
                Matcher m = VERSION_PY.matcher(Files.readString(py));
                if (m.find()) {
                    return m.group(1);
                }
            }
            Path build = dir.resolve("build-version");
            if (Files.isRegularFile(build)) {
                return Files.readString(build).trim();
            }
        } catch (IOException e) {
            throw new Invalid("--torch-home " + dir + ": cannot read its version (" + e.getMessage() + ")");
        }
        throw new Invalid("--torch-home " + dir + ": neither version.py (pip torch) nor build-version (libtorch) says"
                + " which PyTorch it is");
    }

    /** The PyTorch version the bridge on the class path was built for (jnilib/pytorch.properties: 2.7.1-0.36.0). */
    static String bridgeTorchVersion(ClassLoader bridge) throws Invalid {
        try (InputStream in = bridge.getResourceAsStream("jnilib/pytorch.properties")) {
            if (in == null) {
                throw new Invalid("the launcher has no DJL PyTorch bridge (ai.djl.pytorch:pytorch-jni) on its class path");
            }
            Properties p = new Properties();
            p.load(in);
            String jni = p.getProperty("jni_version", "");
            return jni.contains("-") ? jni.substring(0, jni.indexOf('-')) : jni;
        } catch (IOException e) {
            throw new Invalid("cannot read the DJL bridge's version (" + e.getMessage() + ")");
        }
    }

    /** The flavours the bridge ships a native library for on this platform (e.g. cpu, cu128). */
    static List<String> bridgeFlavors(String platform, ClassLoader bridge) {
        List<String> out = new ArrayList<>();
        for (String f : List.of("cpu", "cu118", "cu121", "cu124", "cu126", "cu128", "cu129", "cu130")) {
            if (bridge.getResource("jnilib/" + platform + "/" + f + "/libdjl_torch.so") != null) {
                out.add(f);
            }
        }
        return out;
    }

    /** This JVM's platform in DJL's naming. */
    static String platform() {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";
        return "linux-" + arch;
    }
}
