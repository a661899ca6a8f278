package dev.petal.eval.metrics;

/**
 * The principal square root of a real matrix as scipy 1.15's {@code linalg.sqrtm} computes it: real Schur form,
 * converted to complex Schur form where it has 2×2 blocks ({@code rsf2csf}); the triangular root by the
 * column recurrence {@code R_ij = (T_ij − Σ_k R_ik R_kj) / (R_ii + R_jj)}, which fails (→ NaN, as scipy's
 * {@code SqrtmError}) when a zero denominator meets a non-zero numerator; {@code X = Z R Zᴴ}. The result is complex
 * when T has a 2×2 block or a negative diagonal entry. Only what the Fréchet distance needs is kept: the trace and
 * the largest imaginary part on the diagonal of X.
 *
 * @param trace         Re tr X (NaN when the recurrence failed or overflowed)
 * @param complex       whether scipy would return a complex matrix
 * @param maxAbsDiagImag max |Im X_ii| (0 when real)
 */
record SchurSqrtm(double trace, boolean complex, double maxAbsDiagImag) {

    static SchurSqrtm of(double[][] a) {
        RealSchur s = new RealSchur(a);
        int n = a.length;
        double[][] tr = s.t, ti = new double[n][n], zr = s.z, zi = new double[n][n];
        boolean complex = false;
        for (int i = 0; i < n; i++) {
            if (s.blockStart[i]) complex = true;
            if (tr[i][i] < 0) complex = true;
        }
        for (int m = n - 1; m > 0; m--) if (s.blockStart[m - 1]) toComplexSchur(tr, ti, zr, zi, m);
        double[][] rr = new double[n][n], ri = new double[n][n];
        if (!triangularRoot(tr, ti, rr, ri)) return new SchurSqrtm(Double.NaN, complex, Double.NaN);
        if (!complex) {
            double trace = 0;
            for (int i = 0; i < n; i++) trace += rr[i][i];
            return new SchurSqrtm(trace, false, 0.0);
        }
        double trace = 0, maxImag = 0;
        for (int i = 0; i < n; i++) {           // diag(Z R Zᴴ)_i = Σ_j Σ_k≥j Z_ij R_jk conj(Z_ik)
            double dr = 0, di = 0;
            for (int j = 0; j < n; j++) {
                double wr = 0, wi = 0;          // (Z R)_i,k summed against conj(Z_ik) below
                for (int k = j; k < n; k++) {
                    double pr = rr[j][k] * zr[i][k] + ri[j][k] * zi[i][k];
                    double pi = ri[j][k] * zr[i][k] - rr[j][k] * zi[i][k];
                    wr += pr;
                    wi += pi;
                }
                dr += zr[i][j] * wr - zi[i][j] * wi;
                di += zr[i][j] * wi + zi[i][j] * wr;
            }
            trace += dr;
            maxImag = Math.max(maxImag, Math.abs(di));
        }
        return new SchurSqrtm(trace, true, maxImag);
    }

    /** scipy's rsf2csf step for the 2×2 block at (m−1, m): a complex Givens rotation G makes T[m][m−1] zero. */
    private static void toComplexSchur(double[][] tr, double[][] ti, double[][] zr, double[][] zi, int m) {
        int n = tr.length;
        double a = tr[m - 1][m - 1], b = tr[m - 1][m], c = tr[m][m - 1], d = tr[m][m];
        double half = (a - d) / 2, disc = half * half + b * c;   // < 0 for a complex pair
        double muR = half, muI = Math.sqrt(-disc);                // first eigenvalue − T[m][m]: (a+d)/2 + i√(−disc) − d
        double r = Math.hypot(Math.hypot(muR, muI), c);
        double cr = muR / r, ci = muI / r, sn = c / r;
        for (int j = m - 1; j < n; j++) {                         // rows: G · [row m−1; row m], G = [[c̄, s], [−s, c]]
            double xr = tr[m - 1][j], xi = ti[m - 1][j], yr = tr[m][j], yi = ti[m][j];
            tr[m - 1][j] = cr * xr + ci * xi + sn * yr;
            ti[m - 1][j] = cr * xi - ci * xr + sn * yi;
            tr[m][j] = -sn * xr + cr * yr - ci * yi;
            ti[m][j] = -sn * xi + cr * yi + ci * yr;
        }
        rotateColumns(tr, ti, m, m + 1, cr, ci, sn);
        rotateColumns(zr, zi, m, n, cr, ci, sn);
        tr[m][m - 1] = 0.0;
        ti[m][m - 1] = 0.0;
    }

    /** Columns (m−1, m) of rows [0, rows) times Gᴴ = [[c, −s], [s, c̄]]. */
    private static void rotateColumns(double[][] re, double[][] im, int m, int rows, double cr, double ci, double sn) {
        for (int i = 0; i < rows; i++) {
            double xr = re[i][m - 1], xi = im[i][m - 1], yr = re[i][m], yi = im[i][m];
            re[i][m - 1] = cr * xr - ci * xi + sn * yr;
            im[i][m - 1] = cr * xi + ci * xr + sn * yi;
            re[i][m] = -sn * xr + cr * yr + ci * yi;
            im[i][m] = -sn * xi + cr * yi - ci * yr;
        }
    }

    /** R upper triangular with R² = T (principal root on the diagonal); false where scipy raises SqrtmError. */
    private static boolean triangularRoot(double[][] tr, double[][] ti, double[][] rr, double[][] ri) {
        int n = tr.length;
        for (int j = 0; j < n; j++) {
            double mod = Math.hypot(tr[j][j], ti[j][j]);
            rr[j][j] = Math.sqrt((mod + tr[j][j]) / 2);
            ri[j][j] = Math.copySign(Math.sqrt((mod - tr[j][j]) / 2), ti[j][j]);
            for (int i = j - 1; i >= 0; i--) {
                double sr = 0, si = 0;
                for (int k = i + 1; k < j; k++) {
                    sr += rr[i][k] * rr[k][j] - ri[i][k] * ri[k][j];
                    si += rr[i][k] * ri[k][j] + ri[i][k] * rr[k][j];
                }
                double numR = tr[i][j] - sr, numI = ti[i][j] - si;
                double denR = rr[i][i] + rr[j][j], denI = ri[i][i] + ri[j][j];
                if (denR == 0 && denI == 0) {
                    if (numR != 0 || numI != 0) return false;
                    continue;
                }
                double q = denR * denR + denI * denI;
                rr[i][j] = (numR * denR + numI * denI) / q;
                ri[i][j] = (numI * denR - numR * denI) / q;
            }
        }
        for (double[] row : rr) for (double v : row) if (!Double.isFinite(v)) return false;
        return true;
    }
}
