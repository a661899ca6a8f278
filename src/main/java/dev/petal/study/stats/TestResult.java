package dev.petal.study.stats;

/**
 * A test with an F (or other) statistic: Levene / Brown–Forsythe, Welch's and the classic one-way
 * test. {@code df2} is not an integer for Welch's test.
 */
public record TestResult(String method, String statisticName, double statistic, double df1, double df2, double p) {

    @Override
    public String toString() {
        return String.format("%s: %s = %s, df = (%s, %s), p = %s", method, statisticName,
                AnovaFormatter.number(statistic), AnovaFormatter.number(df1), AnovaFormatter.number(df2),
                AnovaFormatter.pValue(p));
    }
}
