package io.multilens.model.llama;

import io.multilens.kit.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.multilens.api.status.StepFailure;
import org.junit.jupiter.api.Test;

/** Device names of the workflow files mapped to DJL devices. */
class DeviceNamesTest {

    @Test
    void namesMapToDevices() {
        assertEquals(Device.cpu(), DeviceNames.parse("cpu"));
        assertEquals(Device.cpu(), DeviceNames.parse(null));
        assertEquals(Device.gpu(0), DeviceNames.parse("cuda"));
        assertEquals(Device.gpu(3), DeviceNames.parse("cuda:3"));
        assertThrows(StepFailure.class, () -> DeviceNames.parse("gpu0"));
    }

    @Test
    void aGpuTheEngineDoesNotHaveIsAStepFailure() {
        Engine engine = Engine.getEngine("PyTorch");
        int gpus = engine.getGpuCount();
        StepFailure f = assertThrows(StepFailure.class, () -> DeviceNames.requireAvailable(Device.gpu(gpus), engine));
        assertTrue(f.getMessage().contains("cuda:" + gpus), f.getMessage());
        DeviceNames.requireAvailable(Device.cpu(), engine);
    }
}
