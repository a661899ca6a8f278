package dev.petal.study.stats;

import java.util.List;

/**
 * Tukey's honest significant differences for one factor, as R's {@code TukeyHSD}: pairs in R's
 * order (for levels 1..k: 2-1, 3-1, …, k-1, 3-2, …), Tukey–Kramer standard errors
 * {@code sqrt(mse/2 · (1/n_a + 1/n_b))}.
 *
 * @param k      number of levels compared
 * @param qCrit  the studentized range quantile at {@code confLevel} with (k, dfResidual)
 */
public record TukeyResult(String factor, double confLevel, int k, int dfResidual, double mse, double qCrit,
        List<String> levels, List<Integer> groupN, List<Double> groupMeans, List<TukeyComparison> comparisons) {

    public TukeyResult {
        levels = List.copyOf(levels);
        groupN = List.copyOf(groupN);
        groupMeans = List.copyOf(groupMeans);
        comparisons = List.copyOf(comparisons);
    }

    /** The table as text, like R's {@code TukeyHSD} print. */
    public String format() {
        return AnovaFormatter.format(this);
    }
}
