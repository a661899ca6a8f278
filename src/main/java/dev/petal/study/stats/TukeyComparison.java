package dev.petal.study.stats;

/**
 * One Tukey HSD pair: {@code diff = mean(levelA) − mean(levelB)}, its simultaneous confidence
 * interval, adjusted p-value and studentized range statistic {@code q = |diff| / se}.
 */
public record TukeyComparison(String levelA, String levelB, double diff, double lwr, double upr, double pAdj,
        double q) {
}
