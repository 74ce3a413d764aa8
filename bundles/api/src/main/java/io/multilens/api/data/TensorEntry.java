package io.multilens.api.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One tensor's entry in a safetensors header, checked against the file it came from.
 *
 * @param dtype  null when the header names a type this reader does not know
 * @param begin  first byte, relative to the start of the data section
 * @param end    one past the last byte
 */
public record TensorEntry(String name, String dtypeName, DType dtype, long[] shape, long begin, long end) {

    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Parses and checks one header entry; {@code dataBytes} is the size of the file's data section. */
    public static TensorEntry parse(Path file, String name, JsonNode node, long dataBytes) {
        String where = file + ": tensor '" + name + "'";
        String dtypeName = node.path("dtype").asText("");
        JsonNode shapeNode = node.path("shape");
        JsonNode offsets = node.path("data_offsets");
        if (dtypeName.isEmpty() || !shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new StepFailure(where + ": header entry lacks dtype, shape or data_offsets (corrupt file?)");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (!shapeNode.get(i).canConvertToLong() || shape[i] < 0) {
                throw new StepFailure(where + ": shape " + shapeNode + " is not a list of sizes (corrupt file?)");
            }
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin) {
            throw new StepFailure(where + ": data_offsets " + offsets + " are not a byte range (corrupt file?)");
        }
        if (end > dataBytes) {
            throw new StepFailure(where + ": data ends at byte " + end + " of the data section but the file holds only "
                    + dataBytes + " bytes of data (the file is truncated; download it again)");
        }
        TensorEntry entry = new TensorEntry(name, dtypeName, DType.named(dtypeName), shape, begin, end);
        if (entry.dtype() != null && end - begin != entry.elements() * entry.dtype().bytes()) {
            throw new StepFailure(where + ": " + (end - begin) + " bytes stored but shape " + Arrays.toString(shape)
                    + " of " + dtypeName + " needs " + entry.elements() * entry.dtype().bytes() + " (corrupt file?)");
        }
        return entry;
    }
}
