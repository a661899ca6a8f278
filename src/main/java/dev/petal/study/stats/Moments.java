package dev.petal.study.stats;

import java.util.Arrays;

/** Mean and variance computed carefully: exact for constant data, two-pass with a correction otherwise. */
final class Moments {

    private Moments() {
    }

    static double mean(double[] x) {
        if (x.length == 0) {
            return Double.NaN;
        }
        if (isConstant(x)) {
            return x[0];
        }
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        double mean = sum / x.length;
        double correction = 0;
        for (double v : x) {
            correction += v - mean;
        }
        return mean + correction / x.length;
    }

    /** Sample variance (n − 1 denominator); exactly 0 for constant data, NaN for fewer than 2 values. */
    static double variance(double[] x) {
        if (x.length < 2) {
            return Double.NaN;
        }
        return sumSqDeviations(x) / (x.length - 1);
    }

    /** Σ(x − mean)², exactly 0 for constant data. */
    static double sumSqDeviations(double[] x) {
        if (isConstant(x)) {
            return 0.0;
        }
        double mean = mean(x);
        double sum = 0;
        for (double v : x) {
            sum += (v - mean) * (v - mean);
        }
        return sum;
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static boolean isConstant(double[] x) {
        for (double v : x) {
            if (v != x[0]) {
                return false;
            }
        }
        return true;
    }
}
