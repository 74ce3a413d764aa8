package io.multilens.api.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * The two 16-bit float formats weights may be kept in, and their exact widening to float32 and
 * round-to-nearest-even narrowing from it. Done in Java because DJL's PyTorch bridge cannot hold
 * a bfloat16 tensor at all (creating one aborts the JVM), and because a table lookup over two
 * threads widens float16 faster than the engine's own conversion on CPU.
 */
public enum HalfFormat {
    F16, BF16;

    /** Every float16 bit pattern widened: 256 KiB, stays in cache. */
    private static final float[] F16_TABLE = f16Table();

    /** The safetensors dtype that stores this format as it is. */
    public DType fileType() {
        return this == F16 ? DType.F16 : DType.BF16;
    }

    public float widen(short bits) {
        return this == F16 ? F16_TABLE[bits & 0xffff] : Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** Values converted per bulk copy: short and float scratch arrays stay in cache. */
    private static final int CHUNK = 1 << 14;

    /**
     * Widens {@code n} values starting at element {@code from} of {@code src} (little-endian) into
     * {@code dst} at its position: bulk copies in and out around a tight loop, which is several
     * times faster than converting element by element through the buffers.
     */
    public void widen(ByteBuffer src, long from, int n, FloatBuffer dst) {
        ShortBuffer in = src.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(Math.toIntExact(from * 2)).asShortBuffer();
        short[] bits = new short[Math.min(n, CHUNK)];
        float[] values = new float[bits.length];
        for (int done = 0; done < n; done += bits.length) {
            int k = Math.min(bits.length, n - done);
            in.get(bits, 0, k);
            if (this == BF16) {
                for (int i = 0; i < k; i++) {
                    values[i] = Float.intBitsToFloat(bits[i] << 16);
                }
            } else {
                for (int i = 0; i < k; i++) {
                    int h = bits[i] & 0xffff;
                    int exponent = h & 0x7c00;
                    // normal numbers (nearly all weights) by rebiasing the exponent; the rest by table
                    values[i] = exponent != 0 && exponent != 0x7c00
                            ? Float.intBitsToFloat(((h & 0x8000) << 16) | (((h & 0x7fff) + 0x1c000) << 13))
                            : F16_TABLE[h];
                }
            }
            dst.put(values, 0, k);
        }
    }

    public short narrow(float v) {
        return this == F16 ? toF16(v) : toBf16(v);
    }

    /** float32 to bfloat16, round to nearest even; NaN stays NaN. */
    public static short toBf16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /** float32 to IEEE binary16, round to nearest even, overflow to infinity, subnormals kept. */
    public static short toF16(float v) {
        int bits = Float.floatToRawIntBits(v);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            // subnormal: shift the mantissa (with its implicit 1) into place, rounding to nearest even
            int m = mant | 0x800000;
            int shift = 14 - e;
            int half = 1 << (shift - 1);
            int rounded = (m + half - 1 + ((m >>> shift) & 1)) >>> shift;
            return (short) (sign | rounded);
        }
        int rounded = (e << 10) | (mant >>> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (rounded & 1) == 1)) {
            rounded++; // may carry into the exponent, up to infinity: that is the right result
        }
        return (short) (sign | rounded);
    }

    private static float[] f16Table() {
        float[] t = new float[1 << 16];
        for (int i = 0; i < t.length; i++) {
            t[i] = DType.halfToFloat(i);
        }
        return t;
    }
}
