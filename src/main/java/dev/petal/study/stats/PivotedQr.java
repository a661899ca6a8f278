package dev.petal.study.stats;

import java.util.Arrays;

/**
 * Householder QR with the limited column pivoting of R's {@code lm} (LINPACK {@code dqrdc2}):
 * columns are taken left to right, and a column whose remaining norm has fallen below
 * {@code 1e-7} times its original norm is moved to the right-hand edge. The columns kept are
 * therefore the first linearly independent ones in model order, and the moved columns are the
 * ones R reports as aliased ({@code NA} coefficients). Sequential (Type I) effects follow directly.
 */
final class PivotedQr {

    /** R's default {@code tol} for {@code lm.fit}. */
    static final double TOLERANCE = 1e-7;

    private final int n;
    private final int rank;
    private final int[] pivot;
    private final double[][] householder;
    private final double[] beta;

    private PivotedQr(int n, int rank, int[] pivot, double[][] householder, double[] beta) {
        this.n = n;
        this.rank = rank;
        this.pivot = pivot;
        this.householder = householder;
        this.beta = beta;
    }

    /** Factors the matrix whose columns are {@code columns[j]} (all of length {@code n}). */
    static PivotedQr of(double[][] columns, int n) {
        int p = columns.length;
        double[][] a = new double[p][];
        double[] limit = new double[p];
        int[] pivot = new int[p];
        for (int j = 0; j < p; j++) {
            a[j] = columns[j].clone();
            double norm = norm(a[j], 0);
            limit[j] = TOLERANCE * (norm == 0 ? 1 : norm);
            pivot[j] = j;
        }
        int active = p;
        int steps = Math.min(n, p);
        double[][] householder = new double[steps][];
        double[] beta = new double[steps];
        for (int l = 0; l < steps; l++) {
            while (l < active && norm(a[pivot[l]], l) < limit[pivot[l]]) {
                moveToEnd(pivot, l);
                active--;
            }
            if (l >= active) {
                break;
            }
            if (l < n - 1) {
                reflect(a, pivot, l, active, householder, beta);
            }
        }
        return new PivotedQr(n, Math.min(active, n), pivot, householder, beta);
    }

    /** Householder step {@code l}: zero column l below the diagonal and apply to the columns l+1..active-1. */
    private static void reflect(double[][] a, int[] pivot, int l, int active, double[][] householder, double[] beta) {
        double[] x = a[pivot[l]];
        double s = norm(x, l);
        double alpha = x[l] >= 0 ? -s : s;
        double[] v = new double[x.length];
        System.arraycopy(x, l, v, l, x.length - l);
        v[l] -= alpha;
        householder[l] = v;
        beta[l] = 1.0 / (s * (s + Math.abs(x[l])));
        for (int j = l + 1; j < active; j++) {
            apply(v, beta[l], l, a[pivot[j]]);
        }
        Arrays.fill(x, l + 1, x.length, 0.0);
        x[l] = alpha;
    }

    private static void apply(double[] v, double beta, int from, double[] y) {
        double dot = 0;
        for (int i = from; i < y.length; i++) {
            dot += v[i] * y[i];
        }
        double scale = beta * dot;
        for (int i = from; i < y.length; i++) {
            y[i] -= scale * v[i];
        }
    }

    private static double norm(double[] x, int from) {
        double sum = 0;
        for (int i = from; i < x.length; i++) {
            sum += x[i] * x[i];
        }
        return Math.sqrt(sum);
    }

    /** Moves the entry at {@code l} to the end, shifting the following entries left (dqrdc2's column cycling). */
    private static void moveToEnd(int[] order, int l) {
        int moved = order[l];
        System.arraycopy(order, l + 1, order, l, order.length - l - 1);
        order[order.length - 1] = moved;
    }

    /** Number of linearly independent columns. */
    int rank() {
        return rank;
    }

    /** {@code pivot()[k]} is the original index of the column in position k; positions ≥ rank are aliased. */
    int[] pivot() {
        return pivot.clone();
    }

    /** The effects Qᵀy: the first {@code rank} entries are the sequential one-df effects. */
    double[] qty(double[] y) {
        double[] z = y.clone();
        for (int l = 0; l < householder.length; l++) {
            if (householder[l] != null && l < rank) {
                apply(householder[l], beta[l], l, z);
            }
        }
        return z;
    }

    /** Q z, the inverse of {@link #qty}. */
    double[] qz(double[] z) {
        double[] y = z.clone();
        for (int l = householder.length - 1; l >= 0; l--) {
            if (householder[l] != null && l < rank) {
                apply(householder[l], beta[l], l, y);
            }
        }
        return y;
    }

    /** The residuals of the least-squares fit of y on the column space. */
    double[] residuals(double[] y) {
        if (y.length != n) {
            throw new IllegalArgumentException("y has " + y.length + " rows, the matrix " + n);
        }
        double[] effects = qty(y);
        Arrays.fill(effects, 0, rank, 0.0);
        return qz(effects);
    }
}
