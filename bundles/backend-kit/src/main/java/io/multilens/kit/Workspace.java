package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;

/**
 * Float32 buffers that one forward pass widens 16-bit weights into, reused layer after layer.
 * Allocating a fresh float32 copy of every layer costs more than the widening itself: large
 * allocations come from the kernel as untouched pages, and each page faults on first write.
 * One buffer per slot (q, k, v, o, gate, up, down, LM-head block) lives as long as the call.
 */
public final class Workspace {

    private final NDManager manager;
    private final Map<String, NDArray> buffers = new HashMap<>();

    public Workspace(NDManager manager) {
        this.manager = manager;
    }

    public NDManager manager() {
        return manager;
    }

    /**
     * Puts {@code array} (a fresh float32 copy, e.g. widened by the engine on a GPU) into a slot,
     * closing the array the slot held before: a pass never holds more than one copy per slot.
     */
    public NDArray hold(String slot, NDArray array) {
        NDArray previous = buffers.put("held:" + slot, array);
        if (previous != null && previous != array) {
            previous.close();
        }
        return array;
    }

    /** The slot's float32 buffer of {@code shape}; its content is whatever was written last. */
    public NDArray buffer(String slot, long[] shape) {
        String key = slot + java.util.Arrays.toString(shape);
        return buffers.computeIfAbsent(key, k -> manager.create(new Shape(shape), DataType.FLOAT32));
    }
}
