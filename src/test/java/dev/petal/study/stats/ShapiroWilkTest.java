package dev.petal.study.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class ShapiroWilkTest {

    @Test
    void threeValuesUseTheExactDistribution() {
        ShapiroWilkResult r = ShapiroWilk.test(new double[] {1, 2, 4});
        // For n = 3, W = 3/4 + (b^2 ...) and p = 6/π (asin √W − asin √(3/4)).
        double expectedP = 6 / Math.PI * (Math.asin(Math.sqrt(r.w())) - Math.asin(Math.sqrt(0.75)));
        assertEquals(expectedP, r.p(), 1e-15);
        // W of three points is the squared correlation with (−1, 0, 1).
        double w = Math.pow(-1 * (1 - 7.0 / 3) + (4 - 7.0 / 3), 2) / (2 * ((1 - 7.0 / 3) * (1 - 7.0 / 3)
                + (2 - 7.0 / 3) * (2 - 7.0 / 3) + (4 - 7.0 / 3) * (4 - 7.0 / 3)));
        assertEquals(w, r.w(), 1e-15);
    }

    @Test
    void printsLikeR() {
        assertEquals("W = 0.96878, p-value = 0.6369 (n = 24)", new ShapiroWilkResult(0.9687763335, 0.6368646913, 24).toString());
    }

    @Test
    void invariantUnderLocationScaleAndOrder() {
        double[] x = {3.1, -0.4, 2.2, 5.9, 1.0, 0.3, 2.8, 4.4, -1.7, 0.9, 1.6, 2.0, 7.5};
        double[] moved = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            moved[x.length - 1 - i] = 1000 + 0.01 * x[i];
        }
        ShapiroWilkResult a = ShapiroWilk.test(x);
        ShapiroWilkResult b = ShapiroWilk.test(moved);
        assertEquals(a.w(), b.w(), 1e-12);
        assertEquals(a.p(), b.p(), 1e-10);
    }

    @Test
    void normalScoresLookNormalAndSkewedDataDoesNot() {
        NormalDistribution normal = new NormalDistribution();
        double[] scores = new double[40];
        double[] skewed = new double[40];
        Random random = new Random(5);
        for (int i = 0; i < scores.length; i++) {
            scores[i] = normal.inverseCumulativeProbability((i + 0.5) / scores.length);
            skewed[i] = Math.exp(2 * random.nextGaussian());
        }
        ShapiroWilkResult good = ShapiroWilk.test(scores);
        ShapiroWilkResult bad = ShapiroWilk.test(skewed);
        assertTrue(good.w() > 0.98 && good.p() > 0.5, good.toString());
        assertTrue(bad.w() < 0.7 && bad.p() < 1e-6, bad.toString());
        assertEquals(40, good.n());
    }

    @Test
    void coefficientsAreNormalised() {
        for (int n : new int[] {4, 5, 6, 11, 12, 50, 999}) {
            double[] a = ShapiroWilk.coefficients(n);
            double sum = 0;
            for (double v : a) {
                sum += 2 * v * v;
            }
            assertEquals(1.0, sum, 1e-12, "n=" + n);
        }
    }
}
