package dev.petal.study.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Levene's test of equal variances as {@code car::leveneTest}: a one-way ANOVA of |y − center|
 * over the cells of the grouping factors. {@link Center#MEDIAN} is the Brown–Forsythe variant
 * (car's default), {@link Center#MEAN} the classic Levene test. Empty cells are ignored.
 */
public final class LeveneTest {

    /** The per-cell center subtracted before taking absolute deviations. */
    public enum Center {
        MEDIAN, MEAN;

        public static Center of(String name) {
            return switch (name) {
                case "median" -> MEDIAN;
                case "mean" -> MEAN;
                default -> throw new StatsException("Levene center must be 'median' or 'mean', got '" + name + "'");
            };
        }
    }

    private LeveneTest() {
    }

    public static TestResult test(DataTable table, String response, List<String> groupBy, Center center) {
        if (groupBy.isEmpty()) {
            throw new StatsException("Levene's test needs at least one grouping factor");
        }
        ModelFrame frame = ModelFrame.of(table, response, groupBy);
        Groups cells = Groups.of(frame.y(), cells(frame, groupBy));
        if (cells.count() < 2) {
            throw new StatsException("Levene's test needs at least 2 non-empty groups of " + groupBy + ", got "
                    + cells.count());
        }
        List<double[]> deviations = new ArrayList<>();
        for (double[] v : cells.values()) {
            double c = center == Center.MEDIAN ? Moments.median(v) : Moments.mean(v);
            double[] z = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                z[i] = Math.abs(v[i] - c);
            }
            deviations.add(z);
        }
        String method = "Levene's Test for Homogeneity of Variance (center = " + center.name().toLowerCase() + ")";
        return OneWayTests.classicF(method, new Groups(cells.labels(), deviations), RoundingNoise.of(frame.y()));
    }

    /** The interaction of the grouping factors (R's {@code interaction()}: labels joined by '.'). */
    private static FactorColumn cells(ModelFrame frame, List<String> groupBy) {
        List<List<Integer>> keys = new ArrayList<>();
        List<String> levels = new ArrayList<>();
        int[] codes = new int[frame.n()];
        for (int i = 0; i < frame.n(); i++) {
            List<Integer> key = new ArrayList<>();
            List<String> parts = new ArrayList<>();
            for (String name : groupBy) {
                key.add(frame.factor(name).code(i));
                parts.add(frame.factor(name).label(i));
            }
            int cell = keys.indexOf(key);
            if (cell < 0) {
                cell = keys.size();
                keys.add(key);
                levels.add(String.join(".", parts));
            }
            codes[i] = cell;
        }
        return new FactorColumn(String.join(":", groupBy), levels.stream().distinct().count() == levels.size()
                ? levels : keys.stream().map(Object::toString).toList(), codes);
    }
}
