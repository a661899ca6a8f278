package dev.petal.study.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small column-oriented data table: named factor and numeric columns of equal length. Missing
 * values are kept; each analysis drops the rows that are incomplete in the variables it uses.
 */
public record DataTable(List<Column> columns) {

    public DataTable {
        columns = List.copyOf(columns);
        Map<String, Column> seen = new LinkedHashMap<>();
        for (Column c : columns) {
            if (seen.put(c.name(), c) != null) {
                throw new StatsException("duplicate column '" + c.name() + "'");
            }
            if (c.size() != columns.get(0).size()) {
                throw new StatsException("column '" + c.name() + "' has " + c.size() + " rows, expected "
                        + columns.get(0).size());
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public int rowCount() {
        return columns.isEmpty() ? 0 : columns.get(0).size();
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public boolean has(String name) {
        return columns.stream().anyMatch(c -> c.name().equals(name));
    }

    public Column column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new StatsException("no column '" + name + "' in " + columnNames()));
    }

    public FactorColumn factor(String name) {
        if (column(name) instanceof FactorColumn f) {
            return f;
        }
        throw new StatsException("column '" + name + "' is numeric, a factor is needed here");
    }

    public NumericColumn numeric(String name) {
        if (column(name) instanceof NumericColumn n) {
            return n;
        }
        throw new StatsException("column '" + name + "' is a factor, a numeric variable is needed here");
    }

    /** The table restricted to {@code rows}, in that order. */
    public DataTable select(int[] rows) {
        return new DataTable(columns.stream().map(c -> c.select(rows)).toList());
    }

    /** Collects columns in insertion order. */
    public static final class Builder {
        private final List<Column> columns = new ArrayList<>();

        /** A factor with an explicit level order; {@code null} labels are missing. */
        public Builder factor(String name, List<String> levels, List<String> labels) {
            return add(FactorColumn.of(name, levels, labels));
        }

        /** A numeric column; {@code null} values are missing. */
        public Builder numeric(String name, List<Double> values) {
            return add(NumericColumn.of(name, values));
        }

        public Builder numeric(String name, double... values) {
            return add(new NumericColumn(name, values));
        }

        public Builder add(Column column) {
            columns.add(column);
            return this;
        }

        public DataTable build() {
            return new DataTable(columns);
        }
    }
}
