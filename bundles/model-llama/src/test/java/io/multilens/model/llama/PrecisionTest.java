package io.multilens.model.llama;

import io.multilens.api.data.HalfFormat;
import io.multilens.kit.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LayerWeights;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.model.TrainableModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.status.StepFailure;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Weights kept in float16 / bfloat16: logits against the float64 reference, storage, conversions. */
class PrecisionTest {

    /** Relative error allowed on logits when weights are rounded to 16 bits (the bound). */
    private static final double HALF_TOLERANCE = 2e-2;

    @ParameterizedTest
    @CsvSource({"tiny-llama,float16", "tiny-llama,bfloat16", "tiny-qwen2-bf16,float16", "tiny-qwen2-bf16,bfloat16",
            "tiny-llama,float32", "tiny-qwen2-bf16,float32"})
    void logitsInEveryDtypeMatchTheReference(String fixture, String dtypeName) {
        ModelDtype dtype = ModelDtype.parse(dtypeName);
        double worst = worstError(Fixtures.dir(fixture), fixture, dtype);
        double bound = dtype == ModelDtype.FLOAT32 ? 1e-4 : HALF_TOLERANCE;
        System.out.printf("%s in %s: max relative logits error %.3g%n", fixture, dtypeName, worst);
        assertTrue(worst <= bound, fixture + " " + dtypeName + ": relative error " + worst);
    }

    @Test
    void halfModelsKeepHalfTheBytesAndWidenOneLayerIntoTheCallersScope() {
        Path dir = Fixtures.dir(Fixtures.LLAMA);
        try (LanguageModel f32 = Fixtures.load(Fixtures.LLAMA);
             LanguageModel f16 = new LlamaBackend().load(dir, LoadOptions.of("cpu", ModelDtype.FLOAT16));
             NDManager scope = NDManager.newBaseManager()) {
            assertEquals(ModelDtype.FLOAT16, f16.dtype());
            assertTrue(f16.memoryBytes() < 0.52 * f32.memoryBytes(), f16.memoryBytes() + " vs " + f32.memoryBytes());
            LayerWeights wide = f16.weights(scope, 2);
            assertEquals(DataType.FLOAT32, wide.down().getDataType());
            float[] exact = f32.weights(scope, 2).down().toFloatArray();
            float[] rounded = wide.down().toFloatArray();
            for (int i = 0; i < exact.length; i++) {
                assertEquals(exact[i], rounded[i], Math.abs(exact[i]) * 1e-3 + 1e-7, "element " + i);
            }
        }
    }

    @Test
    void halfModelsRefuseTrainingByName() {
        Path dir = Fixtures.dir(Fixtures.LLAMA);
        try (LanguageModel model = new LlamaBackend().load(dir, LoadOptions.of("cpu", ModelDtype.BFLOAT16))) {
            StepFailure f = assertThrows(StepFailure.class, () -> ((TrainableModel) model).parameters());
            assertTrue(f.getMessage().contains("dtype: float32"), f.getMessage());
        }
    }

    @Test
    void bfloat16OnAGpuIsRefusedByNameBeforeTheEngineIsTouched() {
        Path dir = Fixtures.dir(Fixtures.QWEN2);
        StepFailure f = assertThrows(StepFailure.class,
                () -> new LlamaBackend().load(dir, LoadOptions.of("cuda:0", ModelDtype.BFLOAT16)));
        assertTrue(f.getMessage().contains("bfloat16 is not supported on cuda:0") && f.getMessage().contains("float16"),
                f.getMessage());
    }

    @Test
    void aFloat16CheckpointLoadsInEveryDtypeAndAutoKeepsItsType(@TempDir Path tmp) throws Exception {
        Path dir = float16Variant(tmp.resolve("f16"));
        for (ModelDtype dtype : ModelDtype.values()) {
            double worst = worstError(dir, Fixtures.LLAMA, dtype);
            System.out.printf("tiny-llama stored F16, loaded as %s: max relative logits error %.3g%n", dtype.label(), worst);
            assertTrue(worst <= HALF_TOLERANCE, dtype + ": " + worst);
        }
        try (LanguageModel auto = new LlamaBackend().load(dir, LoadOptions.of("cpu", ModelDtype.AUTO))) {
            assertEquals(ModelDtype.FLOAT16, auto.dtype());
        }
        // float16 weights widen exactly: the float32 load of the F16 file equals its float16 load
        try (LanguageModel wide = new LlamaBackend().load(dir, LoadOptions.of("cpu", ModelDtype.FLOAT32));
             LanguageModel half = new LlamaBackend().load(dir, LoadOptions.of("cpu", ModelDtype.FLOAT16));
             NDManager scope = NDManager.newBaseManager()) {
            int[][] docs = Fixtures.documents(Fixtures.LLAMA);
            assertArrayEquals(wide.logits(scope, docs, Intervention.NONE).toFloatArray(),
                    half.logits(scope, docs, Intervention.NONE).toFloatArray(), 1e-5f);
        }
    }

    /** Java's rounding to float16 agrees bit for bit with PyTorch's, edge cases included. */
    @Test
    void float16RoundingMatchesTheEngine() {
        Random random = new Random(7);
        float[] values = new float[20_000];
        float[] edges = {0f, -0f, 1f, 65504f, 65519f, 65520f, 1e6f, -1e6f, 6.1035156e-5f, 5.9604645e-8f, 2.9802322e-8f,
                2.9802326e-8f, 1e-9f, 1.0009766f, 1.00048828125f, 1.00146484375f, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, 3.0517578e-5f, -4.5e-6f};
        System.arraycopy(edges, 0, values, 0, edges.length);
        for (int i = edges.length; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(12) - 8));
        }
        try (NDManager m = NDManager.newBaseManager()) {
            ByteBuffer engine = m.create(values).toType(DataType.FLOAT16, false).toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < values.length; i++) {
                assertEquals(engine.getShort(2 * i), HalfFormat.toF16(values[i]), "value " + values[i]);
            }
        }
    }

    @Test
    void bfloat16RoundsToNearestEven() {
        assertEquals((short) 0x3f80, HalfFormat.toBf16(1f));
        assertEquals((short) 0x3f80, HalfFormat.toBf16(Float.intBitsToFloat(0x3f808000)));   // tie, even stays
        assertEquals((short) 0x3f82, HalfFormat.toBf16(Float.intBitsToFloat(0x3f818000)));   // tie, odd rounds up
        assertEquals((short) 0x3f81, HalfFormat.toBf16(Float.intBitsToFloat(0x3f808001)));   // above the tie
        assertTrue(Float.isNaN(HalfFormat.BF16.widen(HalfFormat.toBf16(Float.NaN))));
        assertEquals(-2.5f, HalfFormat.BF16.widen(HalfFormat.toBf16(-2.5f)));
    }

    private static double worstError(Path dir, String fixture, ModelDtype dtype) {
        int[][] docs = Fixtures.documents(fixture);
        try (LanguageModel model = new LlamaBackend().load(dir, LoadOptions.of("cpu", dtype));
             NDManager scope = NDManager.newBaseManager()) {
            double worst = 0;
            for (int d = 0; d < docs.length; d++) {
                NDArray logits = model.logits(scope, new int[][] {docs[d]}, Intervention.NONE);
                worst = Math.max(worst, Fixtures.relativeError(logits.toFloatArray(),
                        Fixtures.flatten(Fixtures.logits(fixture, d))));
            }
            return worst;
        }
    }

    /** tiny-llama with every tensor rounded to float16 by the engine (not by the code under test). */
    static Path float16Variant(Path dir) throws Exception {
        Fixtures.copy(Fixtures.LLAMA, dir);
        Path file = dir.resolve("model.safetensors");
        Map<String, TestSafetensors.Raw> out = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager()) {
            for (var e : TestSafetensors.read(file).entrySet()) {
                ByteBuffer raw = ByteBuffer.wrap(e.getValue().data()).order(ByteOrder.LITTLE_ENDIAN);
                float[] values = new float[raw.remaining() / 4];
                raw.asFloatBuffer().get(values);
                ByteBuffer half = m.create(values, new Shape(e.getValue().shape())).toType(DataType.FLOAT16, false)
                        .toByteBuffer();
                byte[] bytes = new byte[half.remaining()];
                half.get(bytes);
                out.put(e.getKey(), new TestSafetensors.Raw("F16", e.getValue().shape(), bytes));
            }
        }
        TestSafetensors.write(file, out);
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(dir.resolve("config.json").toFile());
        config.put("torch_dtype", "float16");
        Files.writeString(dir.resolve("config.json"), config.toString());
        return dir;
    }
}
