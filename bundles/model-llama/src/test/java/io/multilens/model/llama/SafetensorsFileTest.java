package io.multilens.model.llama;

import io.multilens.api.data.DType;
import io.multilens.api.data.SafetensorsFile;
import io.multilens.kit.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding of each supported dtype, and the file-level checks. */
class SafetensorsFileTest {

    @Test
    void decodesF32F16AndBf16(@TempDir Path tmp) throws Exception {
        Map<String, TestSafetensors.Raw> tensors = new LinkedHashMap<>();
        tensors.put("f32", TestSafetensors.f32(new long[] {2, 2}, 1.5f, -0f, 3.25e-20f, Float.MAX_VALUE));
        // 1, -2, 0.5, 65504 (largest half), 2^-24 (smallest subnormal), -0, +inf, 1/3 rounded (0x3555)
        tensors.put("f16", TestSafetensors.bits16("F16", new long[] {8},
                0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001, 0x8000, 0x7C00, 0x3555));
        // 1, -2, pi rounded to bf16 (0x4049), 1e-40 is subnormal in float32 (0x0001 -> 2^-133)
        tensors.put("bf16", TestSafetensors.bits16("BF16", new long[] {1, 4}, 0x3F80, 0xC000, 0x4049, 0x0001));
        Path file = tmp.resolve("t.safetensors");
        TestSafetensors.write(file, tensors);
        try (SafetensorsFile st = SafetensorsFile.open(file); NDManager m = NDManager.newBaseManager()) {
            NDArray f32 = st.read(m, "f32");
            assertArrayEquals(new long[] {2, 2}, f32.getShape().getShape());
            assertArrayEquals(new float[] {1.5f, -0f, 3.25e-20f, Float.MAX_VALUE}, f32.toFloatArray());
            assertArrayEquals(new float[] {1f, -2f, 0.5f, 65504f, 0x1p-24f, -0f, Float.POSITIVE_INFINITY,
                    0.333251953125f}, st.read(m, "f16").toFloatArray());
            NDArray bf16 = st.read(m, "bf16");
            assertArrayEquals(new long[] {1, 4}, bf16.getShape().getShape());
            assertArrayEquals(new float[] {1f, -2f, 3.140625f, 0x1p-133f}, bf16.toFloatArray());
            assertEquals(Float.NaN, DType.halfToFloat(0x7E00));
        }
    }

    @Test
    void unsupportedDtypeFailsNamingTheTensor(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("t.safetensors");
        TestSafetensors.write(file, Map.of("ids", TestSafetensors.asF64(TestSafetensors.f32(new long[] {2}, 1f, 2f))));
        try (SafetensorsFile st = SafetensorsFile.open(file); NDManager m = NDManager.newBaseManager()) {
            StepFailure f = assertThrows(StepFailure.class, () -> st.read(m, "ids"));
            assertTrue(f.getMessage().contains("'ids'") && f.getMessage().contains("F64"), f.getMessage());
            assertTrue(f.getMessage().contains(file.toString()), f.getMessage());
        }
    }
}
