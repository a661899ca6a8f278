package dev.petal.study.stats;

/** The residual (within) row of an ANOVA table. */
public record ResidualRow(int df, double sumSq, double meanSq) {
}
