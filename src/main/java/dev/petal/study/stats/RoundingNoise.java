package dev.petal.study.stats;

/**
 * Decides when a computed sum of squares is rounding residue of an exact zero. Least squares on
 * doubles leaves residuals of order ε·‖y‖ where the exact answer is 0 (a perfect fit, equal group
 * means, constant data); R reports such residue as tiny numbers and then huge or arbitrary F values.
 * Values at or below the noise floor {@code (16·n·ε)²·Σy²} are reported as exact zeros, so a
 * perfect fit gives F = Inf and 0/0 gives NaN. The floor is far below any sum of squares that
 * double precision can resolve from the data, so genuine values are never changed.
 */
record RoundingNoise(double floor) {

    static RoundingNoise of(double[] y) {
        double sumSq = 0;
        for (double v : y) {
            sumSq += v * v;
        }
        double scale = 16.0 * y.length * Math.ulp(1.0);
        return new RoundingNoise(scale * scale * sumSq);
    }

    /** {@code ss}, or exactly 0 when it is within the noise floor. */
    double snap(double ss) {
        return ss <= floor ? 0.0 : ss;
    }

    /** Σ(a−b)², snapped. */
    double distanceSq(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return snap(sum);
    }

    /** Σx², snapped. */
    double sumSq(double[] x) {
        return distanceSq(x, new double[x.length]);
    }
}
