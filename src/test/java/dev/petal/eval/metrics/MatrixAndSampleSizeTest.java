package dev.petal.eval.metrics;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Schur square root on matrices the covariance fixtures do not reach, and the small-sample warnings. */
class MatrixAndSampleSizeTest {

    /** Q B Qᵀ for a random orthogonal Q (Gram–Schmidt of a seeded Gaussian matrix). */
    static double[][] rotate(double[][] b, long seed) {
        int n = b.length;
        Random r = new Random(seed);
        double[][] q = new double[n][n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) q[i][k] = r.nextGaussian();
            for (int j = 0; j < k; j++) {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += q[i][k] * q[i][j];
                for (int i = 0; i < n; i++) q[i][k] -= dot * q[i][j];
            }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += q[i][k] * q[i][k];
            for (int i = 0; i < n; i++) q[i][k] /= Math.sqrt(norm);
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < n; k++) for (int l = 0; l < n; l++) s += q[i][k] * b[k][l] * q[j][l];
            out[i][j] = s;
        }
        return out;
    }

    @Test
    void complexConjugatePairsGoThroughTheComplexSchurForm() {
        double[][] b = new double[7][7];
        double[][] pairs = {{2.0, 1.5}, {0.3, 4.0}, {5.0, 0.01}};  // eigenvalues a ± ib
        double expected = 0;
        for (int p = 0; p < pairs.length; p++) {
            double a = pairs[p][0], im = pairs[p][1];
            b[2 * p][2 * p] = a;
            b[2 * p][2 * p + 1] = -im;
            b[2 * p + 1][2 * p] = im;
            b[2 * p + 1][2 * p + 1] = a;
            expected += 2 * Math.sqrt((Math.hypot(a, im) + a) / 2);
        }
        b[6][6] = 9;
        b[0][5] = 0.7;   // not normal: the Schur form is not diagonal
        expected += 3;
        SchurSqrtm s = SchurSqrtm.of(rotate(b, 7));
        assertTrue(s.complex());
        assertEquals(expected, s.trace(), 1e-10);
        assertEquals(0, s.maxAbsDiagImag(), 1e-10, "the principal root of a real matrix without negative eigenvalues is real");
    }

    @Test
    void negativeEigenvaluesGiveAnImaginaryDiagonal() {
        SchurSqrtm s = SchurSqrtm.of(new double[][]{{-4, 0}, {0, 9}});
        assertTrue(s.complex());
        assertEquals(3, s.trace(), 1e-12);
        assertEquals(2, s.maxAbsDiagImag(), 1e-12);
    }

    @Test
    void aNilpotentBlockHasNoRootAsInScipy() {
        assertTrue(Double.isNaN(SchurSqrtm.of(new double[][]{{0, 1}, {0, 0}}).trace()));
    }

    @Test
    void realSymmetricProductStaysReal() {
        double[][] b = {{4, 0, 0}, {0, 1, 0}, {0, 0, 0.25}};
        SchurSqrtm s = SchurSqrtm.of(rotate(b, 3));
        assertFalse(s.complex());
        assertEquals(3.5, s.trace(), 1e-12);
    }

    static double[][] gaussian(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) for (int k = 0; k < d; k++) row[k] = r.nextGaussian();
        return x;
    }

    @Test
    void fewerSamplesThanDimensionsIsAWarningNotSilence() {
        GaussianStats x = GaussianStats.of(gaussian(6, 10, 1)), y = GaussianStats.of(gaussian(40, 10, 2));
        for (FdMethod m : FdMethod.values()) {
            FrechetDistance fd = FrechetDistance.of(x, y, m);
            assertEquals(1, fd.warnings().stream().filter(w -> w.contains("6 samples for 10-d features")).count(), m + ": " + fd.warnings());
        }
        assertTrue(FrechetDistance.of(GaussianStats.of(gaussian(40, 10, 3)), y, FdMethod.EIGH_SYMMETRIC).warnings().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> GaussianStats.of(gaussian(1, 10, 4)));
    }

    @Test
    void kidWarnsAboutSmallSubsetsAndReducesTheSubsetSize() {
        Kid k = Kid.of(gaussian(30, 8, 1), gaussian(50, 8, 2), 10, 1000, 2020);
        assertEquals(30, k.subsetSize());
        assertTrue(k.warnings().stream().anyMatch(w -> w.contains("reduced from 1000 to 30")), k.warnings().toString());
        assertTrue(k.warnings().stream().anyMatch(w -> w.contains("large variance")), k.warnings().toString());
        assertThrows(IllegalArgumentException.class, () -> Kid.of(gaussian(1, 8, 1), gaussian(5, 8, 2), 10, 1000, 2020));
    }
}
