package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A weight matrix as the model keeps it (float32 on the device, or 16-bit), handed to the forward
 * pass in float32 one layer at a time, so a half-precision model never has a float32 copy of more
 * than one layer (or one block of the LM head).
 */
@ProviderType
public interface StoredWeight extends AutoCloseable {

    public long[] shape();

    /** Bytes the stored weight occupies. */
    public long bytes();

    /** The whole matrix in float32: the stored array itself when it is float32, else a copy in {@code scope}. */
    public NDArray widen(NDManager scope);

    /**
     * The whole matrix in float32 for one layer of one forward pass: the stored array itself when
     * it is float32, else widened into the workspace's buffer for {@code slot} (valid until the
     * same slot is widened again).
     */
    public NDArray widen(Workspace workspace, String slot);

    /** Rows {@code [from, to)} in float32, in {@code scope} (never the stored array itself). */
    public NDArray rows(NDManager scope, long from, long to);

    /** Rows {@code [from, to)} in float32 for one use: in the workspace's buffer for {@code slot} where the weight can. */
    public default NDArray rows(Workspace workspace, String slot, long from, long to) {
        return rows(workspace.manager(), from, to);
    }

    /** The rows named by {@code ids} (an embedding lookup): [b, t, columns] float32 in {@code scope}. */
    public NDArray gather(NDManager scope, long[] ids, long b, long t);

    /** The float32 array the model trains, or null when the weight is not kept in float32. */
    public NDArray float32();

    @Override
    public void close();
}
