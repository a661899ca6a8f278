package dev.petal.study.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StudentizedRangeTest {

    /** With two means the studentized range is √2·|t|: P(Q ≤ q) = 2·T(q/√2) − 1 exactly. */
    @ParameterizedTest
    @CsvSource({"0.5, 5", "1.7, 10", "3.0, 13", "4.2, 30", "2.2, 150", "3.3, 1000", "2.9, 6000"})
    void twoMeansReduceToStudentsT(double q, double df) {
        double expected = 2 * new TDistribution(df).cumulativeProbability(q / Math.sqrt(2)) - 1;
        assertEquals(expected, StudentizedRange.cdf(q, 2, df), 2e-9);
    }

    @Test
    void infiniteDfTwoMeansIsHalfNormalRange() {
        double q95 = Math.sqrt(2) * new NormalDistribution().inverseCumulativeProbability(0.975);
        assertEquals(q95, StudentizedRange.quantile(0.95, 2, 1e6), 1e-6);
    }

    @Test
    void quantileInvertsCdf() {
        for (int k : new int[] {2, 3, 5, 10, 20}) {
            for (double df : new double[] {2, 5, 13, 40, 200}) {
                double q = StudentizedRange.quantile(0.95, k, df);
                assertEquals(0.95, StudentizedRange.cdf(q, k, df), 1e-12, "k=" + k + " df=" + df);
            }
        }
    }

    @Test
    void cdfIsMonotoneInQAndDecreasingInMeans() {
        double previous = 0;
        for (double q = 0.25; q < 8; q += 0.25) {
            double p = StudentizedRange.cdf(q, 4, 12);
            assertTrue(p > previous, "cdf must increase at q=" + q);
            assertTrue(p < StudentizedRange.cdf(q, 3, 12), "more means, wider range at q=" + q);
            previous = p;
        }
        assertEquals(1.0, StudentizedRange.cdf(Double.POSITIVE_INFINITY, 4, 12));
        assertEquals(0.0, StudentizedRange.cdf(0, 4, 12));
        assertTrue(Double.isNaN(StudentizedRange.cdf(2, 4, 1)));
    }

    @Test
    void gaussLegendreIntegratesPolynomialsExactly() {
        GaussLegendre rule = GaussLegendre.of(12);
        double integral = 0;
        for (int i = 0; i < 12; i++) {
            double x = rule.nodes()[i];
            integral += rule.weights()[i] * (Math.pow(x, 22) + 3 * Math.pow(x, 5) + 1);
        }
        assertEquals(2.0 / 23 + 2, integral, 1e-14);
    }
}
