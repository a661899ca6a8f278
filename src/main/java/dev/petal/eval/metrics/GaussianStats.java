package dev.petal.eval.metrics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Mean and covariance of feature rows in double precision: {@code np.cov(features, rowvar=False)}, divided by
 * n − 1 as pytorch-fid's {@code calculate_activation_statistics}.
 *
 * @param mean   [d]
 * @param sigma  [d, d], symmetric
 * @param n      number of rows
 * @param factor the centered rows / √(n − 1) [n, d] (so Σ = Fᵀ F), or null when only μ and Σ are known
 */
public record GaussianStats(double[] mean, DMatrixRMaj sigma, int n, DMatrixRMaj factor) {

    public static GaussianStats of(double[][] rows) {
        if (rows.length < 2) throw new IllegalArgumentException("a covariance needs at least 2 feature rows, got " + rows.length);
        int n = rows.length, d = rows[0].length;
        double[] mean = new double[d];
        for (double[] r : rows) {
            if (r.length != d) throw new IllegalArgumentException("feature rows of width " + d + " and " + r.length);
            for (int k = 0; k < d; k++) mean[k] += r[k];
        }
        for (int k = 0; k < d; k++) mean[k] /= n;
        DMatrixRMaj centered = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) centered.data[i * d + k] = rows[i][k] - mean[k];
        CommonOps_DDRM.scale(1.0 / Math.sqrt(n - 1), centered);
        DMatrixRMaj sigma = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(centered, centered, sigma);
        return new GaussianStats(mean, sigma, n, centered);
    }

    public int dim() {
        return mean.length;
    }

    public double trace() {
        return CommonOps_DDRM.trace(sigma);
    }
}
