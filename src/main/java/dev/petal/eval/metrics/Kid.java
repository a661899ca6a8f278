package dev.petal.eval.metrics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import java.util.ArrayList;
import java.util.List;

/**
 * Kernel Inception Distance: the unbiased MMD² with the cubic polynomial kernel {@code k(a, b) = (a·b / d + 1)³},
 * averaged over random subsets of m rows from each set (torch-fidelity, torchmetrics and clean-fid agree):
 * per subset {@code [Σ_{i≠j} k(X_i,X_j) + Σ_{i≠j} k(Y_i,Y_j)] / (m(m−1)) − 2 Σ_{i,j} k(X_i,Y_j) / m²}. It can be negative.
 *
 * @param mean       KID
 * @param std        population standard deviation over the subsets (np.std, ddof 0)
 * @param perSubset  MMD² of each subset
 * @param subsetSize m
 * @param warnings   sample-size caveats
 */
public record Kid(double mean, double std, double[] perSubset, int subsetSize, List<String> warnings) {
    /** torch-fidelity's defaults. */
    public static final int DEFAULT_SUBSETS = 100, DEFAULT_SUBSET_SIZE = 1000;
    public static final long DEFAULT_SEED = 2020;
    /** Above this many kernel entries the full Gram matrices are not kept; each subset computes its own. */
    private static final long GRAM_LIMIT = 40_000_000L;

    /**
     * KID with torch-fidelity's subsets: {@code RandomState(seed)}, per subset {@code choice(n_x, m)} then
     * {@code choice(n_y, m)}. A subset size above the smaller set is reduced to it, with a warning.
     */
    public static Kid of(double[][] x, double[][] y, int subsets, int subsetSize, long seed) {
        List<String> warnings = new ArrayList<>();
        int m = Math.min(subsetSize, Math.min(x.length, y.length));
        if (m < subsetSize) {
            warnings.add("KID subset size reduced from " + subsetSize + " to " + m + " (the smaller set's size); torch-fidelity refuses this");
        }
        if (m < 2) throw new IllegalArgumentException("KID needs at least 2 samples in each set, got " + x.length + " and " + y.length);
        if (m < 100) warnings.add("KID subsets of " + m + " samples have a large variance (torch-fidelity uses 1000)");
        NumpyRandomState rng = new NumpyRandomState(seed);
        int[][] ix = new int[subsets][], iy = new int[subsets][];
        for (int s = 0; s < subsets; s++) {
            ix[s] = rng.choiceWithoutReplacement(x.length, m);
            iy[s] = rng.choiceWithoutReplacement(y.length, m);
        }
        return of(x, y, ix, iy, warnings);
    }

    /** KID over given subsets (row indices into x and y, m per subset). */
    public static Kid of(double[][] x, double[][] y, int[][] subsetsX, int[][] subsetsY, List<String> warnings) {
        if (subsetsX.length == 0 || subsetsX.length != subsetsY.length) throw new IllegalArgumentException("need the same positive number of x and y subsets");
        int d = x[0].length;
        if (y[0].length != d) throw new IllegalArgumentException("features of width " + d + " and " + y[0].length);
        boolean gram = (long) x.length * x.length + (long) y.length * y.length + (long) x.length * y.length <= GRAM_LIMIT;
        DMatrixRMaj gxx = gram ? dots(x, x) : null, gyy = gram ? dots(y, y) : null, gxy = gram ? dots(x, y) : null;
        double[] per = new double[subsetsX.length];
        for (int s = 0; s < per.length; s++) {
            int[] ix = subsetsX[s], iy = subsetsY[s];
            if (gram) {
                per[s] = mmd2(gxx, ix, gyy, iy, gxy, d);
            } else {
                double[][] xs = rows(x, ix), ys = rows(y, iy);
                int[] id = identity(ix.length);
                per[s] = mmd2(dots(xs, xs), id, dots(ys, ys), id, dots(xs, ys), d);
            }
        }
        double mean = 0, var = 0;
        for (double v : per) mean += v;
        mean /= per.length;
        for (double v : per) var += (v - mean) * (v - mean);
        return new Kid(mean, Math.sqrt(var / per.length), per, subsetsX[0].length, List.copyOf(warnings));
    }

    /** The same unbiased estimator on all rows (n_x ≠ n_y allowed). */
    public static double mmd2FullSets(double[][] x, double[][] y) {
        int d = x[0].length;
        return mmd2(dots(x, x), identity(x.length), dots(y, y), identity(y.length), dots(x, y), d);
    }

    /** Unbiased MMD² of the rows ix of x and iy of y, from their dot products (gxy indexed [x row, y row]). */
    private static double mmd2(DMatrixRMaj gxx, int[] ix, DMatrixRMaj gyy, int[] iy, DMatrixRMaj gxy, int d) {
        double kxx = offDiagonalSum(gxx, ix, d), kyy = offDiagonalSum(gyy, iy, d), kxy = 0;
        for (int i : ix) for (int j : iy) kxy += kernel(gxy.get(i, j), d);
        long nx = ix.length, ny = iy.length;
        return kxx / (nx * (nx - 1)) + kyy / (ny * (ny - 1)) - 2 * kxy / (nx * ny);
    }

    private static double offDiagonalSum(DMatrixRMaj g, int[] idx, int d) {
        double s = 0;
        for (int a = 0; a < idx.length; a++) for (int b = 0; b < idx.length; b++) if (a != b) s += kernel(g.get(idx[a], idx[b]), d);
        return s;
    }

    private static double kernel(double dot, int d) {
        double v = dot / d + 1;
        return v * v * v;
    }

    private static DMatrixRMaj dots(double[][] a, double[][] b) {
        DMatrixRMaj ma = matrix(a), mb = a == b ? ma : matrix(b), out = new DMatrixRMaj(a.length, b.length);
        CommonOps_DDRM.multTransB(ma, mb, out);
        return out;
    }

    private static DMatrixRMaj matrix(double[][] rows) {
        int d = rows[0].length;
        DMatrixRMaj m = new DMatrixRMaj(rows.length, d);
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, m.data, i * d, d);
        return m;
    }

    private static double[][] rows(double[][] a, int[] idx) {
        double[][] out = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) out[i] = a[idx[i]];
        return out;
    }

    private static int[] identity(int n) {
        int[] id = new int[n];
        for (int i = 0; i < n; i++) id[i] = i;
        return id;
    }
}
