package dev.petal.study.stats;

/** One column of a {@link DataTable}: either a factor or a numeric variable. */
public sealed interface Column permits FactorColumn, NumericColumn {

    String name();

    int size();

    /** True when the value in {@code row} is missing (R's {@code NA}). */
    boolean isMissing(int row);

    /** The same column restricted to {@code rows}, in that order. */
    Column select(int[] rows);
}
