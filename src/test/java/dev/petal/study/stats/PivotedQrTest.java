package dev.petal.study.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PivotedQrTest {

    private static final double[] ONE = {1, 1, 1, 1, 1};
    private static final double[] X = {0.5, -1, 2, 3, 0.25};
    private static final double[] Z = {1, 0, 0, 1, 1};

    @Test
    void laterCollinearAndZeroColumnsAreMovedToTheEndInOrder() {
        double[] twiceXPlusOne = new double[5];
        for (int i = 0; i < 5; i++) {
            twiceXPlusOne[i] = 2 * X[i] + 1;
        }
        PivotedQr qr = PivotedQr.of(new double[][] {ONE, X, new double[5], twiceXPlusOne, Z}, 5);
        assertEquals(3, qr.rank());
        assertArrayEquals(new int[] {0, 1, 4, 2, 3}, qr.pivot());
    }

    @Test
    void residualsAreOrthogonalToTheColumnsAndEffectsPreserveLength() {
        double[] y = {3, 1, 4, 1, 5};
        PivotedQr qr = PivotedQr.of(new double[][] {ONE, X, Z}, 5);
        double[] r = qr.residuals(y);
        for (double[] col : new double[][] {ONE, X, Z}) {
            double dot = 0;
            for (int i = 0; i < 5; i++) {
                dot += col[i] * r[i];
            }
            assertEquals(0, dot, 1e-13);
        }
        double[] effects = qr.qty(y);
        assertEquals(dot(y, y), dot(effects, effects), 1e-12);
        assertArrayEquals(y, qr.qz(effects), 1e-13);
    }

    @Test
    void moreColumnsThanRowsKeepsRankAtMostN() {
        PivotedQr qr = PivotedQr.of(new double[][] {{1, 1}, {1, 2}, {3, 1}}, 2);
        assertEquals(2, qr.rank());
        assertEquals(2, qr.pivot()[2]);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
