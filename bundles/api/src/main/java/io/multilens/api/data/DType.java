package io.multilens.api.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The element types a safetensors header may name. Only F32, F16 and BF16 are decoded; every one
 * knows its size so that a header's byte ranges can be checked whatever the type. BF16 and F16
 * are widened here, in Java, because handing BF16 to DJL's native code aborts the JVM.
 */
public enum DType {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1), I16(2), U16(2), F16(2), BF16(2), I32(4), U32(4), F32(4),
    I64(8), U64(8), F64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    public boolean decodable() {
        return this == F32 || this == F16 || this == BF16;
    }

    /** The type named in a header, or null when the name is unknown. */
    public static DType named(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Decodes {@code raw} (little-endian, this type, from its position) into float32 values. */
    public void widen(ByteBuffer raw, FloatBuffer out) {
        switch (this) {
            case F32 -> out.put(raw.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
            case F16 -> HalfFormat.F16.widen(raw.slice(), 0, raw.remaining() / 2, out);
            case BF16 -> HalfFormat.BF16.widen(raw.slice(), 0, raw.remaining() / 2, out);
            default -> throw new IllegalStateException(this + " is not decodable");
        }
    }

    /** IEEE 754 binary16 to binary32 (exact; Java 17 has no Float.float16ToFloat). */
    public static float halfToFloat(int h) {
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        float magnitude;
        if (exponent == 0) {
            magnitude = mantissa * 0x1p-24f; // zero and subnormals
        } else if (exponent == 31) {
            magnitude = mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            magnitude = Float.intBitsToFloat(((exponent - 15 + 127) << 23) | (mantissa << 13));
        }
        return (h & 0x8000) == 0 ? magnitude : -magnitude;
    }
}
