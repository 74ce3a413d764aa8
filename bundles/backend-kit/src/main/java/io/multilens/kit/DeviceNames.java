package io.multilens.kit;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.multilens.api.status.StepFailure;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps the workflow's device names ({@code cpu}, {@code cuda:N}) to DJL devices. */
public final class DeviceNames {

    private static final Pattern CUDA = Pattern.compile("cuda(?::(\\d+))?");

    private DeviceNames() {
    }

    public static Device parse(String name) {
        String n = name == null ? "cpu" : name.trim();
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        Matcher m = CUDA.matcher(n);
        if (m.matches()) {
            return Device.gpu(m.group(1) == null ? 0 : Integer.parseInt(m.group(1)));
        }
        throw new StepFailure("device '" + name + "': expected cpu or cuda:N (e.g. cuda:0)");
    }

    /** Fails before any native allocation on a GPU the engine does not have (that would abort, not throw). */
    public static void requireAvailable(Device device, Engine engine) {
        if (device.isGpu() && device.getDeviceId() >= engine.getGpuCount()) {
            throw new StepFailure("device cuda:" + device.getDeviceId() + ": the " + engine.getEngineName()
                    + " engine sees " + engine.getGpuCount() + " GPU(s); use device cpu or install the CUDA build"
                    + " of the engine's native library");
        }
    }
}
