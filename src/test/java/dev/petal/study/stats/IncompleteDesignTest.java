package dev.petal.study.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

/**
 * The paper's design: adapter (input position × output position) where only 20 of the 10 × 7 = 70
 * pairs exist. Sums of squares are checked against projections computed independently with an SVD
 * pseudo-inverse on indicator columns built here.
 */
class IncompleteDesignTest {

    private static final List<String> INPUTS = List.of("SA_in", "SA_out", "CA_in", "CA_out", "CA_c", "FFN_in",
            "FFN_out", "Trans_out", "Res_in", "Res_out");
    private static final List<String> OUTPUTS = List.of("SA_out", "CA_in", "CA_out", "CA_c", "FFN_in", "FFN_out",
            "Trans_out");
    private static final String[][] CELLS = {
            {"SA_in", "SA_out"}, {"SA_in", "Trans_out"}, {"SA_out", "SA_out"}, {"SA_out", "Trans_out"},
            {"CA_in", "CA_out"}, {"CA_in", "Trans_out"}, {"CA_out", "FFN_in"}, {"CA_out", "Trans_out"},
            {"CA_out", "CA_out"}, {"CA_c", "CA_c"}, {"CA_c", "FFN_in"}, {"FFN_in", "FFN_in"},
            {"FFN_in", "Trans_out"}, {"FFN_out", "FFN_out"}, {"FFN_out", "Trans_out"}, {"Trans_out", "Trans_out"},
            {"Res_in", "CA_in"}, {"Res_in", "Trans_out"}, {"Res_out", "CA_in"}, {"Res_out", "FFN_out"}};

    /** The design with {@code replicates} runs per existing cell; the metric has main effects, interaction and noise. */
    private static DataTable design(int replicates, long seed) {
        Random random = new Random(seed);
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        List<Double> metric = new ArrayList<>();
        for (String[] cell : CELLS) {
            double cellEffect = 0.01 * random.nextGaussian();
            for (int r = 0; r < replicates; r++) {
                in.add(cell[0]);
                out.add(cell[1]);
                metric.add(0.8 + 0.01 * INPUTS.indexOf(cell[0]) - 0.004 * OUTPUTS.indexOf(cell[1]) + cellEffect
                        + 0.005 * random.nextGaussian());
            }
        }
        return DataTable.builder().factor("input", INPUTS, in).factor("output", OUTPUTS, out)
                .numeric("clip_i", metric).build();
    }

    @Test
    void onewayAnovasHaveThePapersDegreesOfFreedom() {
        DataTable t = design(1, 1);
        AnovaTable byInput = Anova.oneway(t, "clip_i", "input");
        AnovaTable byOutput = Anova.oneway(t, "clip_i", "output");
        assertEquals(INPUTS.size() - 1, byInput.terms().get(0).df());
        assertEquals(CELLS.length - INPUTS.size(), byInput.residual().df());
        assertEquals(OUTPUTS.size() - 1, byOutput.terms().get(0).df());
        assertEquals(CELLS.length - OUTPUTS.size(), byOutput.residual().df());
        assertEquals(byInput.totalSumSq(), byInput.ssBetween() + byInput.ssWithin(), 1e-12);
    }

    @Test
    void interactionModelReportsEveryEmptyCellAsAliased() {
        DataTable t = design(2, 2);
        AnovaTable table = Anova.fit(t, "clip_i ~ input * output", AnovaType.II);
        int coefficients = 1 + (INPUTS.size() - 1) + (OUTPUTS.size() - 1) + (INPUTS.size() - 1) * (OUTPUTS.size() - 1);
        assertEquals(coefficients, table.coefficientCount());
        assertEquals(distinctCells(), table.rank());
        assertEquals(coefficients - distinctCells(), table.aliasedCoefficients().size());
        assertTrue(table.aliasedCoefficients().stream().allMatch(c -> c.startsWith("input") && c.contains(":output")),
                table.aliasedCoefficients().toString());
        Set<String> present = new LinkedHashSet<>();
        for (String[] cell : CELLS) {
            present.add("input" + cell[0] + ":output" + cell[1]);
        }
        for (String in : INPUTS.subList(1, INPUTS.size())) {
            for (String out : OUTPUTS.subList(1, OUTPUTS.size())) {
                String name = "input" + in + ":output" + out;
                if (!present.contains(name)) {
                    assertTrue(table.aliasedCoefficients().contains(name), name + " has no data but is not aliased");
                }
            }
        }
        assertThrows(StatsException.class, () -> Anova.fit(t, "clip_i ~ input * output", AnovaType.III));
    }

    @Test
    void typeTwoMatchesIndependentModelComparisons() {
        DataTable t = design(2, 3);
        double[] y = t.numeric("clip_i").values();
        AnovaTable table = Anova.fit(t, "clip_i ~ input * output", AnovaType.II);
        List<double[]> inputCols = indicators(t, "input");
        List<double[]> outputCols = indicators(t, "output");
        List<double[]> main = concat(inputCols, outputCols);
        double rssMain = rss(main, y);
        double rssCells = rss(cellIndicators(t), y);

        AnovaRow input = table.term("input").orElseThrow();
        assertEquals(INPUTS.size() - 1, input.df());
        assertEquals(rss(outputCols, y) - rssMain, input.sumSq(), 1e-12);
        AnovaRow output = table.term("output").orElseThrow();
        assertEquals(OUTPUTS.size() - 1, output.df());
        assertEquals(rss(inputCols, y) - rssMain, output.sumSq(), 1e-12);
        AnovaRow interaction = table.term("input:output").orElseThrow();
        assertEquals(distinctCells() - (INPUTS.size() + OUTPUTS.size() - 1), interaction.df());
        assertEquals(rssMain - rssCells, interaction.sumSq(), 1e-12);
        assertEquals(rssCells, table.residual().sumSq(), 1e-12);
        assertEquals(y.length - distinctCells(), table.residual().df());
        double msRes = rssCells / (y.length - distinctCells());
        assertEquals(input.sumSq() / input.df() / msRes, input.f(), 1e-9 * input.f());
    }

    @Test
    void typeTwoMainEffectsDoNotDependOnTermOrderButTypeOneDoes() {
        DataTable t = design(1, 4);
        AnovaTable io = Anova.fit(t, "clip_i ~ input + output", AnovaType.II);
        AnovaTable oi = Anova.fit(t, "clip_i ~ output + input", AnovaType.II);
        AnovaTable seqIo = Anova.fit(t, "clip_i ~ input + output", AnovaType.I);
        AnovaTable seqOi = Anova.fit(t, "clip_i ~ output + input", AnovaType.I);
        double ssInput = io.term("input").orElseThrow().sumSq();
        assertEquals(ssInput, oi.term("input").orElseThrow().sumSq(), 1e-13);
        assertEquals(ssInput, seqOi.term("input").orElseThrow().sumSq(), 1e-13);
        assertFalse(Math.abs(ssInput - seqIo.term("input").orElseThrow().sumSq()) < 1e-6,
                "Type I should depend on order in this unbalanced design");
        assertTrue(io.aliasedCoefficients().isEmpty());
        assertEquals(1 + (INPUTS.size() - 1) + (OUTPUTS.size() - 1), io.rank());
    }

    @Test
    void termWithoutAnyEstimableColumnHasZeroDfAndNa() {
        // A 3 × 3 layout with the cells of a tree (5 = 3 + 3 − 1): the interaction is entirely aliased.
        List<String> a = List.of("a1", "a2", "a3", "a1", "a1", "a1", "a2", "a3", "a1", "a1");
        List<String> b = List.of("b1", "b1", "b1", "b2", "b3", "b1", "b1", "b1", "b2", "b3");
        DataTable t = DataTable.builder().factor("a", List.of("a1", "a2", "a3"), a)
                .factor("b", List.of("b1", "b2", "b3"), b)
                .numeric("y", 1.0, 2.5, 2.0, 4.0, 3.1, 1.4, 2.2, 2.6, 3.5, 3.3).build();
        for (AnovaType type : List.of(AnovaType.I, AnovaType.II)) {
            AnovaTable table = Anova.fit(t, "y ~ a * b", type);
            AnovaRow interaction = table.term("a:b").orElseThrow();
            assertFalse(interaction.estimable());
            assertTrue(Double.isNaN(interaction.sumSq()) && Double.isNaN(interaction.f()) && Double.isNaN(interaction.p()));
            assertEquals(List.of("aa2:bb2", "aa3:bb2", "aa2:bb3", "aa3:bb3"), table.aliasedCoefficients());
            assertEquals(5, table.rank());
            assertTrue(table.format().lines().anyMatch(l -> l.startsWith("a:b") && l.contains("NA")), table.format());
        }
    }

    private static int distinctCells() {
        Set<String> cells = new LinkedHashSet<>();
        for (String[] c : CELLS) {
            cells.add(c[0] + "|" + c[1]);
        }
        return cells.size();
    }

    private static List<double[]> indicators(DataTable t, String factor) {
        FactorColumn f = t.factor(factor);
        return indicatorColumns(t.rowCount(), f.levelCount(), f::code);
    }

    private static List<double[]> cellIndicators(DataTable t) {
        FactorColumn in = t.factor("input");
        FactorColumn out = t.factor("output");
        return indicatorColumns(t.rowCount(), in.levelCount() * out.levelCount(),
                i -> in.code(i) * out.levelCount() + out.code(i));
    }

    private static List<double[]> indicatorColumns(int n, int count, ToIntFunction<Integer> code) {
        List<double[]> cols = new ArrayList<>();
        for (int l = 0; l < count; l++) {
            double[] col = new double[n];
            for (int i = 0; i < n; i++) {
                col[i] = code.applyAsInt(i) == l ? 1 : 0;
            }
            cols.add(col);
        }
        return cols;
    }

    private static List<double[]> concat(List<double[]> a, List<double[]> b) {
        List<double[]> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Residual sum of squares of y on the span of the columns, via the SVD pseudo-inverse. */
    private static double rss(List<double[]> columns, double[] y) {
        SimpleMatrix x = new SimpleMatrix(y.length, columns.size());
        for (int j = 0; j < columns.size(); j++) {
            for (int i = 0; i < y.length; i++) {
                x.set(i, j, columns.get(j)[i]);
            }
        }
        SimpleMatrix yv = new SimpleMatrix(y.length, 1, true, y);
        SimpleMatrix residual = yv.minus(x.mult(x.pseudoInverse().mult(yv)));
        return residual.dot(residual);
    }
}
