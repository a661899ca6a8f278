package dev.petal.study.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The rows of a table that an analysis uses: the response and the factor predictors, restricted to
 * the rows where none of them is missing (R's {@code na.omit}; NaN counts as missing). As in R's
 * {@code lm}, levels left without observations are dropped; the others keep their declared order.
 *
 * @param rows indices of the used rows in the source table
 */
public record ModelFrame(String response, double[] y, List<FactorColumn> factors, int[] rows) {

    public ModelFrame {
        y = y.clone();
        factors = List.copyOf(factors);
        rows = rows.clone();
    }

    public static ModelFrame of(DataTable table, String response, List<String> predictors) {
        NumericColumn yColumn = table.numeric(response);
        List<FactorColumn> factors = new ArrayList<>();
        for (String name : predictors) {
            if (!(table.column(name) instanceof FactorColumn f)) {
                throw new StatsException("predictor '" + name + "' is numeric; only factor predictors are supported"
                        + " (declare it as a factor)");
            }
            factors.add(f);
        }
        int[] rows = IntStream.range(0, table.rowCount())
                .filter(r -> !yColumn.isMissing(r) && factors.stream().noneMatch(f -> f.isMissing(r)))
                .toArray();
        if (rows.length == 0) {
            throw new StatsException("0 (non-NA) cases: every row misses '" + response + "' or one of " + predictors);
        }
        double[] y = yColumn.select(rows).values();
        for (int i = 0; i < y.length; i++) {
            if (Double.isInfinite(y[i])) {
                throw new StatsException("NA/NaN/Inf in response '" + response + "': " + y[i] + " in row "
                        + (rows[i] + 1));
            }
        }
        return new ModelFrame(response, y, factors.stream().map(f -> f.select(rows).dropUnusedLevels()).toList(),
                rows);
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    @Override
    public int[] rows() {
        return rows.clone();
    }

    public int n() {
        return y.length;
    }

    public FactorColumn factor(String name) {
        return factors.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new StatsException("'" + name + "' is not a predictor of this model"));
    }
}
