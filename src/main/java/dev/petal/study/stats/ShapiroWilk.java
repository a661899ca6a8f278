package dev.petal.study.stats;

import java.util.Arrays;

/**
 * The Shapiro–Wilk normality test with Royston's approximation (Algorithm AS R94, Applied
 * Statistics 44(4), 1995; the algorithm of R's {@code shapiro.test}), for uncensored samples of
 * 3 to 5000 values, in double precision.
 */
public final class ShapiroWilk {

    private static final double[] C1 = {0.0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056};
    private static final double[] C2 = {0.0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633};
    private static final double[] C3 = {0.5440, -0.39978, 0.025054, -6.714e-4};
    private static final double[] C4 = {1.3822, -0.77857, 0.062767, -0.0020322};
    private static final double[] C5 = {-1.5861, -0.31082, -0.083751, 0.0038915};
    private static final double[] C6 = {-0.4803, -0.082676, 0.0030302};
    private static final double[] G = {-2.273, 0.459};

    private ShapiroWilk() {
    }

    /** Tests {@code values} (NaN entries are dropped, as R's {@code complete.cases}). */
    public static ShapiroWilkResult test(double[] values) {
        double[] x = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = x.length;
        if (n < 3 || n > 5000) {
            throw new StatsException("sample size must be between 3 and 5000, got " + n);
        }
        double range = x[n - 1] - x[0];
        if (!Double.isFinite(range)) {
            throw new StatsException("Shapiro-Wilk needs finite values");
        }
        if (range == 0) {
            throw new StatsException("all 'x' values are identical: Shapiro-Wilk W is undefined");
        }
        double oneMinusW = oneMinusW(x, coefficients(n));
        return new ShapiroWilkResult(1 - oneMinusW, pValue(oneMinusW, n), n);
    }

    /** Shapiro–Wilk on the residuals of a linear model (R: {@code shapiro.test(residuals(aov(...)))}). */
    public static ShapiroWilkResult ofResiduals(LinearModel model) {
        double[] r = model.residuals();
        return test(model.rss() == 0 ? new double[r.length] : r);
    }

    /** Royston's approximation of the upper half of the coefficient vector a (a[0] largest). */
    static double[] coefficients(int n) {
        int half = n / 2;
        double[] a = new double[half];
        if (n == 3) {
            a[0] = Math.sqrt(0.5);
            return a;
        }
        double[] m = new double[half];
        double summ2 = 0;
        for (int i = 0; i < half; i++) {
            m[i] = Distributions.normalQuantile((i + 1 - 0.375) / (n + 0.25));
            summ2 += m[i] * m[i];
        }
        summ2 *= 2;
        double ssumm2 = Math.sqrt(summ2);
        double rsn = 1 / Math.sqrt(n);
        double a1 = poly(C1, rsn) - m[0] / ssumm2;
        int first;
        double fac;
        if (n > 5) {
            first = 2;
            double a2 = -m[1] / ssumm2 + poly(C2, rsn);
            fac = Math.sqrt((summ2 - 2 * m[0] * m[0] - 2 * m[1] * m[1]) / (1 - 2 * a1 * a1 - 2 * a2 * a2));
            a[1] = a2;
        } else {
            first = 1;
            fac = Math.sqrt((summ2 - 2 * m[0] * m[0]) / (1 - 2 * a1 * a1));
        }
        a[0] = a1;
        for (int i = first; i < half; i++) {
            a[i] = -m[i] / fac;
        }
        return a;
    }

    /**
     * 1 − W, W being the squared correlation of the sorted data with the antisymmetric coefficients;
     * computed as 1 − W directly to keep precision when W is near 1.
     */
    private static double oneMinusW(double[] x, double[] a) {
        int n = x.length;
        double range = x[n - 1] - x[0];
        double[] c = new double[n];
        for (int i = 0; i < a.length; i++) {
            c[i] = -a[i];
            c[n - 1 - i] = a[i];
        }
        double meanC = 0;
        double meanX = 0;
        for (int i = 0; i < n; i++) {
            meanC += c[i];
            meanX += x[i] / range;
        }
        meanC /= n;
        meanX /= n;
        double ssc = 0;
        double ssx = 0;
        double scx = 0;
        for (int i = 0; i < n; i++) {
            double dc = c[i] - meanC;
            double dx = x[i] / range - meanX;
            ssc += dc * dc;
            ssx += dx * dx;
            scx += dc * dx;
        }
        double root = Math.sqrt(ssc * ssx);
        return (root - scx) * (root + scx) / (ssc * ssx);
    }

    private static double pValue(double oneMinusW, int n) {
        double w = 1 - oneMinusW;
        if (n == 3) {
            double p = 6 / Math.PI * (Math.asin(Math.sqrt(w)) - Math.asin(Math.sqrt(0.75)));
            return Math.max(p, 0);
        }
        double y = Math.log(oneMinusW);
        double m;
        double s;
        if (n <= 11) {
            double gamma = poly(G, n);
            if (y >= gamma) {
                return 1e-99;
            }
            y = -Math.log(gamma - y);
            m = poly(C3, n);
            s = Math.exp(poly(C4, n));
        } else {
            double logN = Math.log(n);
            m = poly(C5, logN);
            s = Math.exp(poly(C6, logN));
        }
        return Distributions.normalUpperTail((y - m) / s);
    }

    /** c[0] + c[1]·x + c[2]·x² + … */
    private static double poly(double[] c, double x) {
        double result = 0;
        for (int i = c.length - 1; i >= 0; i--) {
            result = result * x + c[i];
        }
        return result;
    }
}
