package dev.petal.study.stats;

import java.util.List;

/**
 * One-way tests of equal means as R's {@code oneway.test}: Welch's test ({@code var.equal = FALSE})
 * and the classic F test ({@code var.equal = TRUE}). Levels without observations are ignored.
 */
public final class OneWayTests {

    private OneWayTests() {
    }

    /** Welch's heteroscedastic one-way test; df2 is fractional. A group with zero variance gives NaN. */
    public static TestResult welch(DataTable table, String response, String factor) {
        Groups g = groups(table, response, factor);
        int k = g.count();
        double sumW = 0;
        double[] w = new double[k];
        for (int i = 0; i < k; i++) {
            w[i] = g.size(i) / g.variance(i);
            sumW += w[i];
        }
        double tmp = 0;
        double weightedMean = 0;
        for (int i = 0; i < k; i++) {
            tmp += Math.pow(1 - w[i] / sumW, 2) / (g.size(i) - 1);
            weightedMean += w[i] * g.mean(i);
        }
        tmp /= (double) k * k - 1;
        weightedMean /= sumW;
        double between = 0;
        for (int i = 0; i < k; i++) {
            between += w[i] * Math.pow(g.mean(i) - weightedMean, 2);
        }
        double statistic = between / ((k - 1) * (1 + 2 * (k - 2) * tmp));
        double df2 = 1 / (3 * tmp);
        return new TestResult("One-way analysis of means (not assuming equal variances)", "F", statistic, k - 1,
                df2, Distributions.fUpperTail(statistic, k - 1, df2));
    }

    /** The classic one-way F test assuming equal variances. */
    public static TestResult equalVariance(DataTable table, String response, String factor) {
        Groups g = groups(table, response, factor);
        return classicF("One-way analysis of means", g, RoundingNoise.of(g.all()));
    }

    /** F = (between SS / (k−1)) / (within SS / (n−k)), sums of squares snapped to the noise floor of the data. */
    static TestResult classicF(String method, Groups g, RoundingNoise noise) {
        int k = g.count();
        int n = g.total();
        double grand = Moments.mean(g.all());
        double between = 0;
        double within = 0;
        for (int i = 0; i < k; i++) {
            between += g.size(i) * Math.pow(g.mean(i) - grand, 2);
            within += Moments.sumSqDeviations(g.values().get(i));
        }
        double statistic = (noise.snap(between) / (k - 1)) / (noise.snap(within) / (n - k));
        return new TestResult(method, "F", statistic, k - 1, n - k, Distributions.fUpperTail(statistic, k - 1, n - k));
    }

    private static Groups groups(DataTable table, String response, String factor) {
        ModelFrame frame = ModelFrame.of(table, response, List.of(factor));
        Groups g = Groups.of(frame.y(), frame.factor(factor));
        if (g.count() < 2) {
            throw new StatsException("not enough groups: factor '" + factor + "' has " + g.count()
                    + " level(s) with observations");
        }
        for (int i = 0; i < g.count(); i++) {
            if (g.size(i) < 2) {
                throw new StatsException("not enough observations: level '" + g.labels().get(i) + "' of factor '"
                        + factor + "' has " + g.size(i));
            }
        }
        return g;
    }
}
