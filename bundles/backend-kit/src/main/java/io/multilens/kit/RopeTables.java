package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.multilens.api.model.HeadTransform;
import java.util.Arrays;
import java.util.List;

/**
 * Rotary position embeddings for a batch's positions, in Hugging Face's rotate-half layout (the
 * two halves of the head dimension share frequencies): {@code x*cos + [-x2, x1]*sin}. Angles are
 * computed in double and rounded once to float32, closer to a float64 reference than float32
 * angles would be.
 *
 * @param cos [P, 1, T, hd] where P is 1 when all rows share positions (the right-padded case), else B
 * @param sin same shape
 */
public record RopeTables(NDArray cos, NDArray sin) {

    public static RopeTables of(NDManager manager, double[] inverseFrequencies, int[][] positions) {
        boolean shared = Arrays.stream(positions).allMatch(p -> Arrays.equals(p, positions[0]));
        int rows = shared ? 1 : positions.length;
        int t = positions[0].length;
        int half = inverseFrequencies.length;
        int hd = 2 * half;
        float[] cos = new float[rows * t * hd];
        float[] sin = new float[rows * t * hd];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < t; i++) {
                int base = (r * t + i) * hd;
                for (int f = 0; f < half; f++) {
                    double angle = positions[r][i] * inverseFrequencies[f];
                    cos[base + f] = (float) Math.cos(angle);
                    cos[base + half + f] = cos[base + f];
                    sin[base + f] = (float) Math.sin(angle);
                    sin[base + half + f] = sin[base + f];
                }
            }
        }
        Shape shape = new Shape(rows, 1, t, hd);
        return new RopeTables(manager.create(cos, shape), manager.create(sin, shape));
    }

    /** x [B, n, T, hd] rotated by each row's positions. */
    public NDArray apply(NDArray x) {
        return rotate(x, cos, sin);
    }

    /**
     * The rotation as a trace's {@link HeadTransform}: tables of shape [T, hd], so that it applies
     * to queries or keys with any leading axes. Traces are right-padded: every row shares positions.
     */
    public HeadTransform shared() {
        if (cos.getShape().get(0) != 1) {
            throw new IllegalStateException("a trace needs positions shared by every row (a right-padded batch)");
        }
        long t = cos.getShape().get(2);
        long hd = cos.getShape().get(3);
        NDArray c = cos.reshape(t, hd);                                // [T,hd]
        NDArray s = sin.reshape(t, hd);                                // [T,hd]
        int half = (int) hd / 2;
        int[] partner = new int[(int) hd];
        float[] signs = new float[(int) hd];
        for (int e = 0; e < hd; e++) {
            partner[e] = (e + half) % (int) hd;                        // [-x2, x1]: output e reads x[e ± hd/2]
            signs[e] = e < half ? -1f : 1f;
        }
        NDArray signedSin = s.mul(s.getManager().create(signs));      // [T,hd]
        List<HeadTransform.Term> terms = List.of(new HeadTransform.Term(null, c),
                new HeadTransform.Term(partner, signedSin));
        return new HeadTransform() {
            @Override
            public NDArray apply(NDArray x) {
                return rotate(x, c, s);
            }

            @Override
            public List<Term> linearTerms() {
                return terms;
            }
        };
    }

    /** x*cos + [-x2, x1]*sin over the last axis, with x1/x2 its two halves. */
    private static NDArray rotate(NDArray x, NDArray cos, NDArray sin) {
        int last = x.getShape().dimension() - 1;
        NDList parts = x.split(2, last);                               // 2 x [...,hd/2]
        NDArray minusX2 = parts.get(1).neg();                          // [...,hd/2]
        NDArray rotated = minusX2.concat(parts.get(0), last);          // [...,hd]
        NDArray xCos = x.mul(cos);                                     // [...,hd]
        NDArray rSin = rotated.mul(sin);                               // [...,hd]
        return xCos.add(rSin);                                         // [...,hd]
    }
}
