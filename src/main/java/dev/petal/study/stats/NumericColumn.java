package dev.petal.study.stats;

import java.util.Arrays;
import java.util.List;

/**
 * A numeric column. Missing values are stored as NaN: like R's {@code na.omit}, which treats NaN
 * as NA, analyses drop rows whose value is NaN. Infinite values are kept and rejected by the
 * analyses that cannot use them.
 */
public record NumericColumn(String name, double[] values) implements Column {

    public NumericColumn {
        values = values.clone();
    }

    /** Builds a column from boxed values; {@code null} means missing. */
    public static NumericColumn of(String name, List<Double> values) {
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            Double x = values.get(i);
            v[i] = x == null ? Double.NaN : x;
        }
        return new NumericColumn(name, v);
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public double value(int row) {
        return values[row];
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean isMissing(int row) {
        return Double.isNaN(values[row]);
    }

    @Override
    public NumericColumn select(int[] rows) {
        double[] picked = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            picked[i] = values[rows[i]];
        }
        return new NumericColumn(name, picked);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumericColumn c && c.name.equals(name) && Arrays.equals(c.values, values);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "NumericColumn[" + name + ", n=" + values.length + "]";
    }
}
