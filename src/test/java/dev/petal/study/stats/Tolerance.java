package dev.petal.study.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Comparisons at the tolerances of the fixture README (never looser). An expected {@code null}
 * (R's NA) requires NaN; expected NaN or ±Infinity require exactly that value.
 */
final class Tolerance {

    static final double REL_STAT = 1e-9;
    static final double ABS_P = 1e-12;
    static final double REL_SMALL_P = 1e-6;
    static final double ABS_TUKEY_P = 2e-8;
    static final double REL_Q_CRIT = 1e-6;
    static final double REL_LWR_UPR_HALF_WIDTH = 1e-6;
    static final double ABS_SHAPIRO = 1e-9;

    private Tolerance() {
    }

    /** Sums of squares and mean squares: |a − e| ≤ 1e-9·|e| + 1e-12·total SS. */
    static void sumSq(String what, double actual, Double expected, double totalSumSq) {
        within(what, actual, expected, 1e-9 * Math.abs(orZero(expected)) + 1e-12 * Math.abs(totalSumSq));
    }

    static void relative(String what, double actual, Double expected, double rel) {
        within(what, actual, expected, rel * Math.abs(orZero(expected)));
    }

    static void absolute(String what, double actual, Double expected, double abs) {
        within(what, actual, expected, abs);
    }

    /** p-values: absolute 1e-12, and relative 1e-6 when 1e-300 &lt; p &lt; 1e-6. */
    static void pValue(String what, double actual, Double expected) {
        within(what, actual, expected, ABS_P);
        if (expected != null && expected > 1e-300 && expected < 1e-6) {
            within(what + " (relative)", actual, expected, REL_SMALL_P * expected);
        }
    }

    static void exact(String what, double actual, Double expected) {
        within(what, actual, expected, 0);
    }

    private static void within(String what, double actual, Double expected, double tolerance) {
        if (expected == null) {
            assertTrue(Double.isNaN(actual), what + ": expected NA, got " + actual);
            return;
        }
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            assertEquals(expected, actual, what);
            return;
        }
        if (!(Math.abs(actual - expected) <= tolerance)) {
            fail(String.format("%s: expected %s, got %s (diff %.3g > tolerance %.3g)", what, expected, actual,
                    Math.abs(actual - expected), tolerance));
        }
    }

    private static double orZero(Double x) {
        return x == null || !Double.isFinite(x) ? 0 : x;
    }
}
