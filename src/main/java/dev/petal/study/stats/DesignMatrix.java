package dev.petal.study.stats;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A model matrix as R's {@code model.matrix}: column 0 is {@code (Intercept)}, then each term's
 * columns. Stored column-major: {@code columns[j][i]} is row i of column j.
 *
 * @param names  R's coefficient names, e.g. {@code optimizeradam:warmupyes}
 * @param assign for each column, 0 for the intercept or the 1-based index of its term in {@code terms}
 */
public record DesignMatrix(double[][] columns, List<String> names, int[] assign, List<Term> terms) {

    public DesignMatrix {
        columns = columns.clone();
        names = List.copyOf(names);
        assign = assign.clone();
        terms = List.copyOf(terms);
    }

    /** Builds the model matrix of {@code terms} on the frame's rows, with the given contrasts. */
    public static DesignMatrix of(ModelFrame frame, List<Term> terms, Contrasts contrasts) {
        return DesignMatrixBuilder.build(frame, terms, contrasts);
    }

    public int rows() {
        return columns[0].length;
    }

    public int cols() {
        return columns.length;
    }

    public double[] column(int j) {
        return columns[j].clone();
    }

    public int[] assign() {
        return assign.clone();
    }

    /** Indices of the columns that belong to none of the given terms (1-based term indices; 0 = intercept). */
    public int[] columnsExcluding(Set<Integer> excludedTerms) {
        return IntStream.range(0, cols()).filter(j -> !excludedTerms.contains(assign[j])).toArray();
    }
}
