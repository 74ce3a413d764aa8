package io.multilens.kit;

import io.multilens.api.data.HalfFormat;
import io.multilens.api.data.TensorEntry;
import io.multilens.api.data.SafetensorsFile;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.status.StepFailure;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns checkpoint tensors into {@link StoredWeight}s of the requested type, straight from the
 * memory-mapped file: no float32 copy of a half-precision model exists at any time.
 * <ul>
 *   <li>float32: decoded into the engine's memory, as before;</li>
 *   <li>float16 / bfloat16 on the host: the file's own mapped bytes when it stores that format
 *       (nothing copied), else converted block by block into off-heap buffers;</li>
 *   <li>float16 on a GPU: held by the engine in float16 on the device.</li>
 * </ul>
 * Norm gains and biases are tiny and always float32.
 */
public final class WeightLoader {

    /** A mapped or converted block holds at most this much (a buffer's limit is 2 GiB). */
    public static final long MAX_BLOCK_BYTES = 1L << 30;

    private final Checkpoint ckpt;
    private final ModelDtype dtype;
    private final Device device;
    private final NDManager manager;
    /** Read and decode buffers, one per loading thread (see {@link SafetensorsFile#read(NDManager, String, ByteBuffer)}). */
    private final ThreadLocal<ByteBuffer> scratch = ThreadLocal.withInitial(SafetensorsFile::scratch);
    private final ThreadLocal<FloatBuffer> floats = ThreadLocal.withInitial(
            () -> FloatBuffer.allocate(SafetensorsFile.READ_CHUNK_ELEMENTS));

    public WeightLoader(Checkpoint ckpt, ModelDtype dtype, Device device, NDManager manager) {
        this.ckpt = ckpt;
        this.dtype = dtype;
        this.device = device;
        this.manager = manager;
    }

    public ModelDtype dtype() {
        return dtype;
    }

    /** A matrix in the model's dtype, after checking its shape. */
    public StoredWeight matrix(String name, long... shape) {
        TensorEntry entry = ckpt.entry(name, shape);
        if (dtype == ModelDtype.FLOAT32) {
            return new Float32Weight(ckpt.file(name).read(manager, name, scratch.get()));
        }
        if (device.isGpu()) {
            // the engine holds float16 on the device; bfloat16 is refused before loading (see Precision)
            try (NDArray wide = ckpt.file(name).read(manager, name, scratch.get())) {
                return new DeviceHalfWeight(wide.toType(DataType.FLOAT16, true));
            }
        }
        return half(entry, dtype.halfFormat());
    }

    /** A norm gain or bias: float32 whatever the model's dtype. */
    public NDArray vector(String name, long... shape) {
        return ckpt.load(manager, name, shape);
    }

    private HalfWeight half(TensorEntry e, HalfFormat format) {
        SafetensorsFile file = ckpt.file(e.name());
        long rows = e.shape().length == 0 ? 1 : e.shape()[0];
        long blockRows = HalfWeight.blockRows(e.shape(), MAX_BLOCK_BYTES);
        long rowElements = rows == 0 ? 0 : e.elements() / rows;
        boolean asStored = e.dtype() == format.fileType();
        ByteBuffer buffer = asStored ? null : scratch.get();
        List<ByteBuffer> blocks = new ArrayList<>();
        for (long first = 0; first < rows; first += blockRows) {
            long n = Math.min(blockRows, rows - first);
            blocks.add(asStored ? resident(file.map(e, first, n))
                    : convert(file, e, first * rowElements, n * rowElements, format, buffer, floats.get()));
        }
        return new HalfWeight(format, e.shape().clone(), List.copyOf(blocks), blockRows);
    }

    /**
     * Reads the mapped bytes in now: loading then takes the time it really takes (with progress),
     * and the first forward pass does not stall on page faults into the file.
     */
    private static ByteBuffer resident(ByteBuffer mapped) {
        if (mapped instanceof java.nio.MappedByteBuffer m) {
            m.load();
        }
        return mapped;
    }

    /** Any decodable file type to a 16-bit format, through exact float32 (one rounding). */
    private static ByteBuffer convert(SafetensorsFile file, TensorEntry e, long first, long elements, HalfFormat format,
                                      ByteBuffer scratch, FloatBuffer floats) {
        ByteBuffer out;
        try {
            out = HalfWeight.allocate(elements * 2);
        } catch (OutOfMemoryError oom) {
            throw new StepFailure("tensor '" + e.name() + "': no room to convert it from " + e.dtypeName() + " to "
                    + format + " (" + oom.getMessage() + "); raise -XX:MaxDirectMemorySize in MULTILENS_JAVA_OPTS or load"
                    + " with the dtype the checkpoint stores");
        }
        for (long done = 0; done < elements; done += SafetensorsFile.READ_CHUNK_ELEMENTS) {
            int n = (int) Math.min(SafetensorsFile.READ_CHUNK_ELEMENTS, elements - done);
            ByteBuffer raw = file.readRaw(e, first + done, n, scratch);
            floats.clear();
            e.dtype().widen(raw, floats);
            for (int i = 0; i < n; i++) {
                out.putShort(Math.toIntExact((done + i) * 2), format.narrow(floats.get(i)));
            }
        }
        return out;
    }
}
