package dev.petal.study.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;

/** Distribution functions needed by the tests, accurate in the tails (no 1 − cdf cancellation). */
final class Distributions {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private Distributions() {
    }

    /** P(F > f) for F ~ F(df1, df2); NaN for NaN input or non-positive df. */
    static double fUpperTail(double f, double df1, double df2) {
        if (Double.isNaN(f) || Double.isNaN(df1) || Double.isNaN(df2) || df1 <= 0 || df2 <= 0) {
            return Double.NaN;
        }
        if (f <= 0) {
            return 1.0;
        }
        if (f == Double.POSITIVE_INFINITY) {
            return 0.0;
        }
        return Beta.regularizedBeta(df2 / (df2 + df1 * f), df2 / 2, df1 / 2);
    }

    /** Φ(z), the standard normal cdf. */
    static double normalCdf(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2));
    }

    /** 1 − Φ(z), computed directly. */
    static double normalUpperTail(double z) {
        return 0.5 * Erf.erfc(z / Math.sqrt(2));
    }

    /** Φ⁻¹(p). */
    static double normalQuantile(double p) {
        return STANDARD_NORMAL.inverseCumulativeProbability(p);
    }
}
