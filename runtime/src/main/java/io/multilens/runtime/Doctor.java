package io.multilens.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code multilens doctor}: what this host runs models with. Prints the engine, its PyTorch version
 * and flavour, where its native libraries come from, the devices it sees and, per device, which
 * weight types work (float32 and float16 are tried with a small matrix product; bfloat16 is not
 * tried, because DJL's bridge aborts the JVM on any bfloat16 tensor: it is stated instead).
 */
final class Doctor {

    private Doctor() {
    }

    static int run(PrintStream out, PrintStream err) {
        Thread.currentThread().setContextClassLoader(Engine.class.getClassLoader());
        out.printf(Locale.ROOT, "java %s (%s), %d cores, %s%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(), memory());
        out.println(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? "vector API: yes (PLND's q/k kernel)"
                : "vector API: no (MULTILENS_VECTOR=off or a JVM started without jdk.incubator.vector): PLND's q/k scores by PyTorch operations");
        Engine engine;
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (RuntimeException e) {
            err.println("engine: PyTorch cannot start (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")"
                    + "; with --torch-home, check that the folder's CUDA libraries load (ldd lib/libtorch_cuda.so)");
            return 2;
        }
        String libPath = setting("PYTORCH_LIBRARY_PATH");
        out.printf("engine: DJL %s, PyTorch %s, flavour %s%n", Engine.getDjlVersion(), engine.getVersion(),
                setting("PYTORCH_FLAVOR") == null ? "cpu" : setting("PYTORCH_FLAVOR"));
        out.println("native libraries: " + (libPath != null ? libPath + " (--torch-home)"
                : "bundled CPU build, unpacked under " + cacheDir()));
        int gpus = engine.getGpuCount();
        out.println("devices: cpu" + (gpus > 0 ? ", cuda:0.." + "cuda:" + (gpus - 1) : "") + " (" + gpus + " GPU"
                + (gpus == 1 ? "" : "s") + ")");
        List<Device> devices = new ArrayList<>(List.of(Device.cpu()));
        for (int i = 0; i < gpus; i++) {
            devices.add(Device.gpu(i));
        }
        for (Device d : devices) {
            String name = d.isGpu() ? "cuda:" + d.getDeviceId() : "cpu";
            out.printf("%s: float32 %s, float16 %s, bfloat16 %s%n", name, tryType(engine, d, DataType.FLOAT32),
                    tryType(engine, d, DataType.FLOAT16),
                    d.isGpu() ? "no (DJL's bridge cannot hold bfloat16 tensors; use float16)"
                            : "yes (kept by multilens off the engine, widened one layer at a time)");
        }
        return 0;
    }

    private static String tryType(Engine engine, Device d, DataType type) {
        try (NDManager m = engine.newBaseManager(d)) {
            NDArray a = m.ones(new Shape(8, 8), type);
            float v = a.matMul(a).toType(DataType.FLOAT32, false).getFloat(0, 0);
            return v == 8f ? "yes" : "wrong result (" + v + ")";
        } catch (RuntimeException e) {
            return "no (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse(e.getClass().getSimpleName())) + ")";
        }
    }

    private static String setting(String name) {
        String env = System.getenv(name);
        return env != null ? env : System.getProperty(name);
    }

    private static Path cacheDir() {
        String set = setting("DJL_CACHE_DIR");
        return set != null ? Path.of(set) : Path.of(System.getProperty("user.home"), ".djl.ai");
    }

    private static String memory() {
        try {
            long total = -1;
            long available = -1;
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                long kib = line.matches("\\w+:\\s+\\d+ kB") ? Long.parseLong(line.replaceAll("[^0-9]", "")) : -1;
                if (line.startsWith("MemTotal:")) {
                    total = kib;
                } else if (line.startsWith("MemAvailable:")) {
                    available = kib;
                }
            }
            return String.format(Locale.ROOT, "%.1f GiB memory (%.1f GiB available)", total / 1048576.0, available / 1048576.0);
        } catch (Exception e) {
            return "memory unknown";
        }
    }
}
