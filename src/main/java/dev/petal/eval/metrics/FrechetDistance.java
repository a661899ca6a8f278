package dev.petal.eval.metrics;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.ArrayList;
import java.util.List;

/**
 * Fréchet distance between two Gaussians fitted to features, in double precision (FID on Inception pool3):
 * {@code ‖μx − μy‖² + tr Σx + tr Σy − 2 tr √(Σx Σy)}, the square-root trace by one of the {@link FdMethod}s.
 *
 * @param value      the distance (can be slightly negative from round-off when the sets are identical)
 * @param meanTerm   ‖μx − μy‖²
 * @param trSqrt     tr √(Σx Σy) as the method computed it
 * @param epsApplied whether pytorch-fid's ε fallback was used
 * @param warnings   what the reference library would have printed, and sample-size caveats
 */
public record FrechetDistance(double value, FdMethod method, double meanTerm, double traceX, double traceY, double trSqrt,
                             boolean epsApplied, List<String> warnings) {
    /** pytorch-fid's regularisation of the fallback. */
    public static final double EPS = 1e-6;

    public static FrechetDistance of(GaussianStats x, GaussianStats y, FdMethod method) {
        return of(x, y, method, "x", "y");
    }

    /** @param nameX, nameY what the two sets are, for the warnings */
    public static FrechetDistance of(GaussianStats x, GaussianStats y, FdMethod method, String nameX, String nameY) {
        if (x.dim() != y.dim()) throw new IllegalArgumentException("features of width " + x.dim() + " and " + y.dim());
        List<String> warnings = new ArrayList<>();
        for (GaussianStats s : List.of(x, y)) {
            if (s.n() <= s.dim()) {
                warnings.add((s == x ? nameX : nameY) + ": " + s.n() + " samples for " + s.dim() + "-d features: the covariance is singular (rank ≤ "
                        + (s.n() - 1) + "), so FD is strongly biased and unstable; use many more samples than dimensions (FID: ≥ 10,000 images)");
            }
        }
        double meanTerm = 0;
        for (int k = 0; k < x.dim(); k++) meanTerm += (x.mean()[k] - y.mean()[k]) * (x.mean()[k] - y.mean()[k]);
        boolean eps = method == FdMethod.SQRTM_EPS;
        double tr = switch (method) {
            case EIGH_SYMMETRIC -> x.factor() != null && y.factor() != null && Math.min(x.n(), y.n()) <= x.dim()
                    ? traceSqrtLowRank(x.factor(), y.factor()) : traceSqrtSymmetric(x.sigma(), y.sigma());
            case EIGVALS -> traceSqrtEigenvalues(product(x.sigma(), y.sigma(), 0));
            case SQRTM_EPS -> sqrtm(product(x.sigma(), y.sigma(), EPS));
            case SQRTM -> {
                SchurSqrtm plain = SchurSqrtm.of(toArrays(product(x.sigma(), y.sigma(), 0)));
                if (Double.isFinite(plain.trace())) yield checked(plain);
                warnings.add("fid calculation produces singular product; adding " + EPS + " to diagonal of cov estimates");
                eps = true;
                yield sqrtm(product(x.sigma(), y.sigma(), EPS));
            }
        };
        double traceX = x.trace(), traceY = y.trace();
        return new FrechetDistance(meanTerm + traceX + traceY - 2 * tr, method, meanTerm, traceX, traceY, tr, eps, List.copyOf(warnings));
    }

    /** Σ √max(μ, 0) over the eigenvalues μ of R Σy R, R = Σx^½ with negative eigenvalues of Σx clipped (d×d route). */
    static double traceSqrtSymmetric(DMatrixRMaj sx, DMatrixRMaj sy) {
        int d = sx.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(sx.copy())) throw new ArithmeticException("symmetric eigendecomposition of Σx failed");
        DMatrixRMaj scaled = new DMatrixRMaj(d, d), r = new DMatrixRMaj(d, d);
        DMatrixRMaj vectors = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            DMatrixRMaj v = eig.getEigenVector(k);
            double root = Math.sqrt(Math.max(eig.getEigenvalue(k).real, 0));
            for (int i = 0; i < d; i++) {
                vectors.set(i, k, v.get(i));
                scaled.set(i, k, v.get(i) * root);
            }
        }
        CommonOps_DDRM.multTransB(scaled, vectors, r);
        DMatrixRMaj rs = new DMatrixRMaj(d, d), m = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(r, sy, rs);
        CommonOps_DDRM.mult(rs, r, m);
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double avg = (m.get(i, j) + m.get(j, i)) / 2;
                m.set(i, j, avg);
                m.set(j, i, avg);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> values = DecompositionFactory_DDRM.eig(d, false, true);
        if (!values.decompose(m)) throw new ArithmeticException("symmetric eigendecomposition of R Σy R failed");
        double tr = 0;
        for (int k = 0; k < d; k++) tr += Math.sqrt(Math.max(values.getEigenvalue(k).real, 0));
        return tr;
    }

    /**
     * The same eigenvalues when a set has fewer samples than dimensions: with Σx = FxᵀFx and Σy = FyᵀFy, the non-zero
     * eigenvalues of Σx Σy are the squared singular values of the small matrix Fx Fyᵀ [n_x, n_y], so the trace is its
     * nuclear norm — cheap (no d×d decomposition) and free of the round-off eigenvalues of the null space.
     */
    static double traceSqrtLowRank(DMatrixRMaj fx, DMatrixRMaj fy) {
        DMatrixRMaj c = new DMatrixRMaj(fx.numRows, fy.numRows);
        CommonOps_DDRM.multTransB(fx, fy, c);
        var svd = DecompositionFactory_DDRM.svd(c.numRows, c.numCols, false, false, true);
        if (!svd.decompose(c)) throw new ArithmeticException("singular value decomposition of Fx Fyᵀ failed");
        double tr = 0;
        for (double s : svd.getSingularValues()) tr += s;
        return tr;
    }

    /** Σ Re √λ over the (complex) eigenvalues of a general matrix, principal square roots. */
    static double traceSqrtEigenvalues(DMatrixRMaj a) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(a.numRows, false, false);
        if (!eig.decompose(a)) throw new ArithmeticException("eigenvalue decomposition of Σx Σy failed");
        double tr = 0;
        for (int k = 0; k < a.numRows; k++) {
            Complex_F64 l = eig.getEigenvalue(k);
            tr += Math.sqrt((Math.hypot(l.real, l.imaginary) + l.real) / 2);
        }
        return tr;
    }

    private static double sqrtm(DMatrixRMaj a) {
        SchurSqrtm s = SchurSqrtm.of(toArrays(a));
        if (!Double.isFinite(s.trace())) throw new ArithmeticException("the matrix square root of the regularised product is not finite");
        return checked(s);
    }

    /** pytorch-fid's complex check: a diagonal imaginary part above 1e-3 is an error, smaller ones are dropped. */
    private static double checked(SchurSqrtm s) {
        if (s.complex() && s.maxAbsDiagImag() > 1e-3) {
            throw new ArithmeticException("Imaginary component " + s.maxAbsDiagImag() + " (pytorch-fid raises here)");
        }
        return s.trace();
    }

    /** (Σx + εI)(Σy + εI). */
    private static DMatrixRMaj product(DMatrixRMaj sx, DMatrixRMaj sy, double eps) {
        DMatrixRMaj a = sx.copy(), b = sy.copy(), out = new DMatrixRMaj(sx.numRows, sx.numCols);
        for (int i = 0; i < a.numRows; i++) {
            a.add(i, i, eps);
            b.add(i, i, eps);
        }
        CommonOps_DDRM.mult(a, b, out);
        return out;
    }

    private static double[][] toArrays(DMatrixRMaj m) {
        double[][] out = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) System.arraycopy(m.data, i * m.numCols, out[i], 0, m.numCols);
        return out;
    }
}
