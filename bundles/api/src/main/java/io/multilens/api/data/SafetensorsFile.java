package io.multilens.api.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One {@code .safetensors} file: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the data. Every range is checked against the file's
 * size when the file is opened, so a truncated file fails with a message instead of a fault.
 * Tensors are decoded here into float32, never by DJL.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** The format's own limit on the header; a larger length field means a corrupt file. */
    private static final long MAX_HEADER_BYTES = 100L << 20;
    /** Elements read per file access when decoding or converting. */
    public static final int READ_CHUNK_ELEMENTS = 1 << 22;

    /** A read buffer large enough for one chunk of any type (loaders keep one per thread). */
    public static ByteBuffer scratch() {
        return ByteBuffer.allocateDirect(READ_CHUNK_ELEMENTS * 4);
    }
    /** Tensors are decoded in row blocks of at most this many elements (DJL buffers are int-indexed). */
    private static final long MAX_BLOCK_ELEMENTS = 1L << 28;

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorEntry> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, TensorEntry> tensors,
                            Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    public static SafetensorsFile open(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new StepFailure(path + ": file not found; the checkpoint folder is incomplete");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            SafetensorsFile file = parse(path, channel);
            channel = null; // owned by the file now
            return file;
        } catch (IOException e) {
            throw new StepFailure(path + ": cannot read (" + e.getMessage() + ")", e);
        } finally {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the failure being reported matters more
                }
            }
        }
    }

    private static SafetensorsFile parse(Path path, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new StepFailure(path + ": " + size + " bytes, too short for a safetensors file (truncated?)");
        }
        long headerBytes = read(channel, 0, 8).getLong();
        if (headerBytes <= 0 || headerBytes > size - 8) {
            throw new StepFailure(path + ": header length field says " + headerBytes + " bytes but " + (size - 8)
                    + " follow it (the file is truncated or not a safetensors file)");
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            throw new StepFailure(path + ": header length " + headerBytes
                    + " exceeds the safetensors limit of 100 MB (corrupt file?)");
        }
        ByteBuffer header = read(channel, 8, (int) headerBytes);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(header.array());
        } catch (JacksonException e) {
            throw new StepFailure(path + ": header is not valid JSON ("
                    + e.getOriginalMessage() + "); the file is corrupt");
        }
        if (root == null || !root.isObject()) {
            throw new StepFailure(path + ": header is not a JSON object; the file is corrupt");
        }
        long dataStart = 8 + headerBytes;
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equals("__metadata__")) {
                f.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
            } else {
                tensors.put(f.getKey(), TensorEntry.parse(path, f.getKey(), f.getValue(), size - dataStart));
            }
        }
        return new SafetensorsFile(path, channel, dataStart, tensors, java.util.Collections.unmodifiableMap(metadata));
    }

    public Path path() {
        return path;
    }

    public Set<String> names() {
        return tensors.keySet();
    }

    /** The header's {@code __metadata__} strings. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** A whole tensor widened to float32 on the Java heap (state and score files; models use {@link #read}). */
    public float[] floats(String name) {
        TensorEntry e = require(name);
        if (e.dtype() == null || !e.dtype().decodable()) {
            throw new StepFailure(path + ": tensor '" + name + "' is " + e.dtypeName() + ", expected F32, F16 or BF16");
        }
        float[] out = new float[Math.toIntExact(e.elements())];
        java.nio.FloatBuffer dst = java.nio.FloatBuffer.wrap(out);
        ByteBuffer scratch = ByteBuffer.allocate((int) Math.min(READ_CHUNK_ELEMENTS, Math.max(1, e.elements())) * e.dtype().bytes());
        int chunk = scratch.capacity() / e.dtype().bytes();
        for (long done = 0; done < e.elements(); done += chunk) {
            int n = (int) Math.min(chunk, e.elements() - done);
            e.dtype().widen(readRaw(e, done, n, scratch), dst);
        }
        return out;
    }

    /** A whole tensor as float64: F64 exactly, F32 widened (multilens's tally files). */
    public double[] doubles(String name) {
        TensorEntry e = require(name);
        if (e.dtype() != DType.F64 && e.dtype() != DType.F32) {
            throw new StepFailure(path + ": tensor '" + name + "' is " + e.dtypeName() + ", expected F64 or F32");
        }
        double[] out = new double[Math.toIntExact(e.elements())];
        ByteBuffer scratch = ByteBuffer.allocate((int) Math.min(READ_CHUNK_ELEMENTS, Math.max(1, e.elements())) * e.dtype().bytes());
        int chunk = scratch.capacity() / e.dtype().bytes();
        for (long done = 0; done < e.elements(); done += chunk) {
            int n = (int) Math.min(chunk, e.elements() - done);
            ByteBuffer raw = readRaw(e, done, n, scratch);
            for (int i = 0; i < n; i++) {
                out[(int) done + i] = e.dtype() == DType.F64 ? raw.getDouble() : raw.getFloat();
            }
        }
        return out;
    }

    private TensorEntry require(String name) {
        TensorEntry e = tensors.get(name);
        if (e == null) {
            throw new StepFailure(path + ": no tensor '" + name + "'");
        }
        if (e.elements() > Integer.MAX_VALUE - 8) {
            throw new StepFailure(path + ": tensor '" + name + "' has " + e.elements() + " elements, more than a Java array"
                    + " holds; read it with read(manager, name) into the engine instead");
        }
        return e;
    }

    /** The header entry of a tensor, or null. */
    public TensorEntry entry(String name) {
        return tensors.get(name);
    }

    /** A tensor widened to float32, owned by {@code manager} (small tensors: a read buffer of their size). */
    public NDArray read(NDManager manager, String name) {
        TensorEntry e = tensors.get(name);
        long bytes = e == null || e.dtype() == null ? 0 : Math.min(READ_CHUNK_ELEMENTS, e.elements()) * 4;
        return read(manager, name, ByteBuffer.allocateDirect((int) Math.max(bytes, 8)));
    }

    /**
     * A tensor widened to float32, owned by {@code manager}, read through {@code scratch}: a direct
     * buffer is freed only by a garbage collection, so loaders reuse one per thread instead of
     * leaving one per tensor behind.
     */
    public NDArray read(NDManager manager, String name, ByteBuffer scratch) {
        TensorEntry e = tensors.get(name);
        if (e == null) {
            throw new StepFailure(path + ": no tensor '" + name + "'");
        }
        if (e.dtype() == null || !e.dtype().decodable()) {
            throw new StepFailure(path + ": tensor '" + name + "' has dtype " + e.dtypeName()
                    + "; this backend reads F32, F16 and BF16 weights");
        }
        if (!manager.getDevice().isGpu() && e.elements() * 4 <= Integer.MAX_VALUE) {
            return readInPlace(manager, e, scratch);
        }
        long rows = e.shape().length == 0 ? 1 : e.shape()[0];
        long rowElements = rows == 0 ? 0 : e.elements() / rows;
        long blockRows = Math.max(1, MAX_BLOCK_ELEMENTS / Math.max(1, rowElements));
        if (blockRows >= rows) {
            return readRows(manager, e, 0, rows, new Shape(e.shape()));
        }
        NDList blocks = new NDList();
        try {
            for (long first = 0; first < rows; first += blockRows) {
                long n = Math.min(blockRows, rows - first);
                long[] blockShape = e.shape().clone();
                blockShape[0] = n;
                blocks.add(readRows(manager, e, first, n, new Shape(blockShape)));
            }
            return NDArrays.concat(blocks, 0);
        } finally {
            blocks.close();
        }
    }

    /**
     * Decodes straight into the memory of a new host tensor: no staging copy, so loading a float32
     * model never holds more than the model (staging buffers are freed only by a garbage
     * collection, which a large heap may not run before the next tensor).
     */
    private NDArray readInPlace(NDManager manager, TensorEntry e, ByteBuffer scratch) {
        NDArray out = manager.create(new Shape(e.shape()), DataType.FLOAT32);        // uninitialised
        try {
            ByteBuffer dst = out.toByteBuffer(true).order(ByteOrder.nativeOrder());
            int chunk = scratch.capacity() / e.dtype().bytes();
            for (long done = 0; done < e.elements(); done += chunk) {
                int n = (int) Math.min(chunk, e.elements() - done);
                ByteBuffer raw = readRaw(e, done, n, scratch);
                // duplicate() forgets the byte order: set it again on the copy
                ByteBuffer target = dst.duplicate().order(ByteOrder.nativeOrder()).position(Math.toIntExact(done * 4));
                e.dtype().widen(raw, target.asFloatBuffer());
            }
            return out;
        } catch (RuntimeException ex) {
            out.close();
            throw ex;
        }
    }

    /**
     * Elements {@code [from, from + n)} of a tensor as stored, read (not mapped) into
     * {@code scratch}: converting loads read through a small buffer, so the file's pages never
     * count in the process's resident memory next to the converted copy.
     */
    public ByteBuffer readRaw(TensorEntry e, long from, int n, ByteBuffer scratch) {
        scratch.clear().limit(n * e.dtype().bytes());
        long position = dataStart + e.begin() + from * e.dtype().bytes();
        try {
            while (scratch.hasRemaining()) {
                if (channel.read(scratch, position + scratch.position()) < 0) {
                    throw new IOException("unexpected end of file");
                }
            }
        } catch (IOException ex) {
            throw new StepFailure(path + ": cannot read tensor '" + e.name() + "' (" + ex.getMessage() + ")", ex);
        }
        return scratch.flip().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Rows {@code [firstRow, firstRow + rows)} of a tensor as the file stores them (little-endian),
     * memory-mapped: nothing is read until it is touched.
     */
    public ByteBuffer map(TensorEntry e, long firstRow, long rows) {
        long rowBytes = e.shape().length == 0 || e.shape()[0] == 0 ? 0 : e.elements() / e.shape()[0] * e.dtype().bytes();
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin() + firstRow * rowBytes, rows * rowBytes)
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException ex) {
            throw new StepFailure(path + ": cannot map tensor '" + e.name() + "' (" + ex.getMessage() + ")", ex);
        }
    }

    private NDArray readRows(NDManager manager, TensorEntry e, long firstRow, long rows, Shape shape) {
        long elements = shape.size();
        long rowElements = rows == 0 ? 0 : elements / rows;
        long offset = dataStart + e.begin() + firstRow * rowElements * e.dtype().bytes();
        ByteBuffer out = ByteBuffer.allocateDirect(Math.toIntExact(elements * 4)).order(ByteOrder.nativeOrder());
        try {
            ByteBuffer raw = channel.map(FileChannel.MapMode.READ_ONLY, offset, elements * e.dtype().bytes())
                    .order(ByteOrder.LITTLE_ENDIAN);
            FloatBuffer floats = out.asFloatBuffer();
            e.dtype().widen(raw, floats);
        } catch (IOException ex) {
            throw new StepFailure(path + ": cannot read tensor '" + e.name() + "' (" + ex.getMessage() + ")", ex);
        }
        // The staged array aliases the Java buffer; its copy lives in the engine's own memory, so
        // weights are not bounded by the JVM's direct-memory limit.
        try (NDArray staged = manager.create(out, shape, DataType.FLOAT32)) {
            return staged.duplicate();
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return buffer.flip();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only file: nothing to lose
        }
    }
}
