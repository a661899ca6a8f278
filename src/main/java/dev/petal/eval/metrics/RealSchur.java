package dev.petal.eval.metrics;

/**
 * Real Schur decomposition {@code A = Z T Zᵀ} of a square matrix: Z orthogonal, T quasi upper triangular (1×1 blocks
 * for real eigenvalues, 2×2 blocks for complex pairs). Householder reduction to Hessenberg form, then Francis
 * double-shift QR — the algorithm of EISPACK's orthes/hqr2 as in JAMA (public domain), stopping before the
 * eigenvector back-substitution. What scipy's {@code schur(A, output='real')} computes (up to the ordering of
 * eigenvalues and the signs of Schur vectors).
 */
final class RealSchur {
    /** T, row-major; entries below the first subdiagonal are zero, subdiagonal entries only inside 2×2 blocks. */
    final double[][] t;
    /** Z, row-major. */
    final double[][] z;
    /** true at i when rows/columns (i, i+1) form a 2×2 block (a complex conjugate pair). */
    final boolean[] blockStart;

    private final int n;

    RealSchur(double[][] a) {
        n = a.length;
        t = new double[n][];
        for (int i = 0; i < n; i++) t[i] = a[i].clone();
        z = new double[n][n];
        blockStart = new boolean[n];
        double[] imag = new double[n];
        hessenberg();
        for (int i = 0; i < n; i++) for (int j = 0; j < i - 1; j++) t[i][j] = 0.0;
        francisQr(imag);
        for (int i = 0; i + 1 < n; i++) blockStart[i] = imag[i] > 0 && imag[i + 1] < 0;
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < i - 1; j++) t[i][j] = 0.0;
            if (!blockStart[i - 1]) t[i][i - 1] = 0.0;
        }
    }

    /** orthes: Householder similarity to upper Hessenberg form, transformations accumulated in Z. */
    private void hessenberg() {
        int high = n - 1;
        double[] ort = new double[n];
        double[][] h = t;
        for (int m = 1; m <= high - 1; m++) {
            double scale = 0.0;
            for (int i = m; i <= high; i++) scale += Math.abs(h[i][m - 1]);
            if (scale == 0.0) continue;
            double hh = 0.0;
            for (int i = high; i >= m; i--) {
                ort[i] = h[i][m - 1] / scale;
                hh += ort[i] * ort[i];
            }
            double g = Math.sqrt(hh);
            if (ort[m] > 0) g = -g;
            hh -= ort[m] * g;
            ort[m] -= g;
            for (int j = m; j < n; j++) {
                double f = 0.0;
                for (int i = high; i >= m; i--) f += ort[i] * h[i][j];
                f /= hh;
                for (int i = m; i <= high; i++) h[i][j] -= f * ort[i];
            }
            for (int i = 0; i <= high; i++) {
                double f = 0.0;
                for (int j = high; j >= m; j--) f += ort[j] * h[i][j];
                f /= hh;
                for (int j = m; j <= high; j++) h[i][j] -= f * ort[j];
            }
            ort[m] = scale * ort[m];
            h[m][m - 1] = scale * g;
        }
        for (int i = 0; i < n; i++) z[i][i] = 1.0;
        for (int m = high - 1; m >= 1; m--) {
            if (h[m][m - 1] == 0.0) continue;
            for (int i = m + 1; i <= high; i++) ort[i] = h[i][m - 1];
            for (int j = m; j <= high; j++) {
                double g = 0.0;
                for (int i = m; i <= high; i++) g += ort[i] * z[i][j];
                g = (g / ort[m]) / h[m][m - 1];
                for (int i = m; i <= high; i++) z[i][j] += g * ort[i];
            }
        }
    }

    /** hqr2 up to the Schur form: double-shift QR sweeps with deflation; imag[i] receives the eigenvalues' imaginary parts. */
    private void francisQr(double[] imag) {
        double[][] h = t;
        int nn = n, hi = nn - 1, low = 0;
        double eps = Math.ulp(1.0), exshift = 0.0;
        double p = 0, q = 0, r = 0, s = 0, zz = 0, w, x, y;
        double norm = 0.0;
        for (int i = 0; i < nn; i++) for (int j = Math.max(i - 1, 0); j < nn; j++) norm += Math.abs(h[i][j]);
        int iter = 0;
        int top = hi;
        while (top >= low) {
            int l = top;
            while (l > low) {
                s = Math.abs(h[l - 1][l - 1]) + Math.abs(h[l][l]);
                if (s == 0.0) s = norm;
                if (Math.abs(h[l][l - 1]) < eps * s) break;
                l--;
            }
            if (l == top) {                       // one root
                h[top][top] += exshift;
                imag[top] = 0.0;
                top--;
                iter = 0;
            } else if (l == top - 1) {            // two roots
                w = h[top][top - 1] * h[top - 1][top];
                p = (h[top - 1][top - 1] - h[top][top]) / 2.0;
                q = p * p + w;
                zz = Math.sqrt(Math.abs(q));
                h[top][top] += exshift;
                h[top - 1][top - 1] += exshift;
                if (q >= 0) {                     // a real pair: rotate the block to triangular form
                    zz = p >= 0 ? p + zz : p - zz;
                    imag[top - 1] = 0.0;
                    imag[top] = 0.0;
                    x = h[top][top - 1];
                    s = Math.abs(x) + Math.abs(zz);
                    p = x / s;
                    q = zz / s;
                    r = Math.sqrt(p * p + q * q);
                    p /= r;
                    q /= r;
                    for (int j = top - 1; j < nn; j++) {
                        zz = h[top - 1][j];
                        h[top - 1][j] = q * zz + p * h[top][j];
                        h[top][j] = q * h[top][j] - p * zz;
                    }
                    for (int i = 0; i <= top; i++) {
                        zz = h[i][top - 1];
                        h[i][top - 1] = q * zz + p * h[i][top];
                        h[i][top] = q * h[i][top] - p * zz;
                    }
                    for (int i = low; i <= hi; i++) {
                        zz = z[i][top - 1];
                        z[i][top - 1] = q * zz + p * z[i][top];
                        z[i][top] = q * z[i][top] - p * zz;
                    }
                } else {                          // a complex pair: the 2×2 block stays
                    imag[top - 1] = zz;
                    imag[top] = -zz;
                }
                top -= 2;
                iter = 0;
            } else {                              // no convergence yet: a double-shift QR sweep
                x = h[top][top];
                y = 0.0;
                w = 0.0;
                if (l < top) {
                    y = h[top - 1][top - 1];
                    w = h[top][top - 1] * h[top - 1][top];
                }
                if (iter == 10) {                 // Wilkinson's exceptional shift
                    exshift += x;
                    for (int i = low; i <= top; i++) h[i][i] -= x;
                    s = Math.abs(h[top][top - 1]) + Math.abs(h[top - 1][top - 2]);
                    x = y = 0.75 * s;
                    w = -0.4375 * s * s;
                }
                if (iter == 30) {                 // MATLAB's exceptional shift
                    s = (y - x) / 2.0;
                    s = s * s + w;
                    if (s > 0) {
                        s = Math.sqrt(s);
                        if (y < x) s = -s;
                        s = x - w / ((y - x) / 2.0 + s);
                        for (int i = low; i <= top; i++) h[i][i] -= s;
                        exshift += s;
                        x = y = w = 0.964;
                    }
                }
                if (++iter > 1000 * nn) throw new ArithmeticException("Schur decomposition did not converge");
                int m = top - 2;
                while (m >= l) {
                    zz = h[m][m];
                    r = x - zz;
                    s = y - zz;
                    p = (r * s - w) / h[m + 1][m] + h[m][m + 1];
                    q = h[m + 1][m + 1] - zz - r - s;
                    r = h[m + 2][m + 1];
                    s = Math.abs(p) + Math.abs(q) + Math.abs(r);
                    p /= s;
                    q /= s;
                    r /= s;
                    if (m == l) break;
                    if (Math.abs(h[m][m - 1]) * (Math.abs(q) + Math.abs(r))
                            < eps * (Math.abs(p) * (Math.abs(h[m - 1][m - 1]) + Math.abs(zz) + Math.abs(h[m + 1][m + 1])))) {
                        break;
                    }
                    m--;
                }
                for (int i = m + 2; i <= top; i++) {
                    h[i][i - 2] = 0.0;
                    if (i > m + 2) h[i][i - 3] = 0.0;
                }
                for (int k = m; k <= top - 1; k++) {
                    boolean notLast = k != top - 1;
                    if (k != m) {
                        p = h[k][k - 1];
                        q = h[k + 1][k - 1];
                        r = notLast ? h[k + 2][k - 1] : 0.0;
                        x = Math.abs(p) + Math.abs(q) + Math.abs(r);
                        if (x == 0.0) continue;
                        p /= x;
                        q /= x;
                        r /= x;
                    }
                    s = Math.sqrt(p * p + q * q + r * r);
                    if (p < 0) s = -s;
                    if (s == 0) continue;
                    if (k != m) h[k][k - 1] = -s * x;
                    else if (l != m) h[k][k - 1] = -h[k][k - 1];
                    p += s;
                    x = p / s;
                    y = q / s;
                    zz = r / s;
                    q /= p;
                    r /= p;
                    for (int j = k; j < nn; j++) {
                        p = h[k][j] + q * h[k + 1][j];
                        if (notLast) {
                            p += r * h[k + 2][j];
                            h[k + 2][j] -= p * zz;
                        }
                        h[k][j] -= p * x;
                        h[k + 1][j] -= p * y;
                    }
                    for (int i = 0; i <= Math.min(top, k + 3); i++) {
                        p = x * h[i][k] + y * h[i][k + 1];
                        if (notLast) {
                            p += zz * h[i][k + 2];
                            h[i][k + 2] -= p * r;
                        }
                        h[i][k] -= p;
                        h[i][k + 1] -= p * q;
                    }
                    for (int i = low; i <= hi; i++) {
                        p = x * z[i][k] + y * z[i][k + 1];
                        if (notLast) {
                            p += zz * z[i][k + 2];
                            z[i][k + 2] -= p * r;
                        }
                        z[i][k] -= p;
                        z[i][k + 1] -= p * q;
                    }
                }
            }
        }
    }
}
