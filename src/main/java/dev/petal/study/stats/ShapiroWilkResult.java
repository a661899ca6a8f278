package dev.petal.study.stats;

/** The Shapiro–Wilk statistic W, its p-value and the sample size. */
public record ShapiroWilkResult(double w, double p, int n) {
}
