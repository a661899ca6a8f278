package dev.petal.study.stats;

/**
 * Thrown when a statistical analysis is undefined for its input, in the cases where R refuses too
 * (for example a factor with fewer than two levels, too few observations, a Type III table on a
 * rank-deficient model). The message names the variable or term at fault.
 */
public final class StatsException extends RuntimeException {
    public StatsException(String message) {
        super(message);
    }
}
