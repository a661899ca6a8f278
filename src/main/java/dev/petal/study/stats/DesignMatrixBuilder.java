package dev.petal.study.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds model matrices the way R's {@code model.matrix} codes factors. A factor inside a term is
 * coded by contrasts when the term without that factor is also in the model (the intercept counts
 * as the empty term), otherwise by one indicator column per level — so {@code y ~ a + a:b} nests b
 * within a as R does. Interaction columns are products, the first factor varying fastest.
 */
final class DesignMatrixBuilder {

    private DesignMatrixBuilder() {
    }

    /** The coding of one factor inside one term. */
    private record Coding(FactorColumn factor, double[][] matrix, List<String> suffixes) {
    }

    static DesignMatrix build(ModelFrame frame, List<Term> terms, Contrasts contrasts) {
        int n = frame.n();
        List<double[]> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Integer> assign = new ArrayList<>();
        double[] intercept = new double[n];
        Arrays.fill(intercept, 1.0);
        columns.add(intercept);
        names.add("(Intercept)");
        assign.add(0);
        for (int t = 0; t < terms.size(); t++) {
            List<Coding> codings = codings(frame, terms, t, contrasts);
            int[] sizes = codings.stream().mapToInt(c -> c.suffixes().size()).toArray();
            int count = 1;
            for (int s : sizes) {
                count *= s;
            }
            for (int combo = 0; combo < count; combo++) {
                int[] index = mixedRadix(combo, sizes);
                double[] col = new double[n];
                StringBuilder name = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    double v = 1;
                    for (int f = 0; f < codings.size(); f++) {
                        v *= codings.get(f).matrix()[codings.get(f).factor().code(i)][index[f]];
                    }
                    col[i] = v + 0.0; // no negative zeros
                }
                for (int f = 0; f < codings.size(); f++) {
                    name.append(f == 0 ? "" : ":").append(codings.get(f).factor().name())
                            .append(codings.get(f).suffixes().get(index[f]));
                }
                columns.add(col);
                names.add(name.toString());
                assign.add(t + 1);
            }
        }
        return new DesignMatrix(columns.toArray(double[][]::new), names,
                assign.stream().mapToInt(Integer::intValue).toArray(), terms);
    }

    private static List<Coding> codings(ModelFrame frame, List<Term> terms, int t, Contrasts contrasts) {
        Term term = terms.get(t);
        List<Coding> out = new ArrayList<>();
        for (String var : term.variables()) {
            FactorColumn factor = frame.factor(var);
            List<String> margin = term.variables().stream().filter(v -> !v.equals(var)).toList();
            boolean marginInModel = margin.isEmpty()
                    || terms.subList(0, t).stream().anyMatch(other -> other.sameVariables(margin));
            if (marginInModel) {
                if (factor.levelCount() < 2) {
                    throw new StatsException("contrasts can be applied only to factors with 2 or more levels: factor '"
                            + var + "' has levels " + factor.levels());
                }
                out.add(new Coding(factor, contrasts.matrix(factor.levelCount()), contrasts.suffixes(factor.levels())));
            } else {
                out.add(new Coding(factor, identity(factor.levelCount()), factor.levels()));
            }
        }
        return out;
    }

    private static double[][] identity(int size) {
        double[][] m = new double[size][size];
        for (int i = 0; i < size; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    /** Digits of {@code value} in the mixed radix {@code sizes}, least significant (fastest) first. */
    private static int[] mixedRadix(int value, int[] sizes) {
        int[] digits = new int[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            digits[i] = value % sizes[i];
            value /= sizes[i];
        }
        return digits;
    }
}
