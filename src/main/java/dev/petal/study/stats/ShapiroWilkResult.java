package dev.petal.study.stats;

/** The Shapiro–Wilk statistic W, its p-value and the sample size. */
public record ShapiroWilkResult(double w, double p, int n) {

    /** As R prints it: {@code W = 0.96878, p-value = 0.6369 (n = 24)}. */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "W = %.5g, p-value = %.4g (n = %d)", w, p, n);
    }
}
