package io.multilens.plnd.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.multilens.api.model.HeadTransform;
import java.util.ArrayList;
import java.util.List;

/**
 * A query/key transform given as scaled permutations ({@link HeadTransform#linearTerms()}),
 * rearranged for zeroing input dimensions: zeroing x[d] moves, through term j, the one output
 * e_j(d) with source_j[e_j(d)] = d, by {@code -coefficients_j[t, e_j(d)] * x[t, d]}. Each term
 * keeps {@code gather} (a permutation matrix P_j, P_j[e, d] = 1 iff source_j[e] = d, so that
 * {@code (y P_j)[..., d] = y[..., e_j(d)]}) and its coefficients in input order, {@code C_j P_j}.
 */
final class PermutedTerms {

    /** One term: gather [hd, hd] (null for the identity), coefficients [T, hd] in input order (null for 1). */
    record Term(NDArray gather, NDArray coefficients) {

        /** y[..., e_j(d)] at d: [..., hd]. */
        NDArray gathered(NDArray y) {
            return gather == null ? y : y.matMul(gather);
        }

        /** x * coefficient: [..., T, hd]. */
        NDArray scaled(NDArray x) {
            return coefficients == null ? x : x.mul(coefficients);
        }
    }

    private PermutedTerms() {
    }

    /** The terms in {@code scope}, or null when the transform has none or one of them is not a permutation. */
    static List<Term> of(NDManager scope, HeadTransform transform, int hd) {
        List<HeadTransform.Term> terms = transform.linearTerms();
        if (terms == null) {
            return null;
        }
        List<Term> out = new ArrayList<>();
        for (HeadTransform.Term t : terms) {
            if (t.source() == null) {
                out.add(new Term(null, t.coefficients() == null ? null : Scoped.copy(scope, t.coefficients())));
                continue;
            }
            float[] gather = new float[hd * hd];
            boolean[] seen = new boolean[hd];
            for (int e = 0; e < hd; e++) {
                int d = t.source()[e];
                if (d < 0 || d >= hd || seen[d]) {
                    return null;                                  // not a permutation: apply the transform instead
                }
                seen[d] = true;
                gather[e * hd + d] = 1f;
            }
            NDArray p = scope.create(gather, new Shape(hd, hd));  // [hd, hd]
            NDArray coefficients = t.coefficients() == null ? null
                    : Scoped.copy(scope, t.coefficients()).matMul(p); // [T, hd] in input order
            out.add(new Term(p, coefficients));
        }
        return out;
    }
}
