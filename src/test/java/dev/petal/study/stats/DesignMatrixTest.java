package dev.petal.study.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DesignMatrixTest {

    /** A 3 × 2 layout, one row per cell: a ∈ {a1, a2, a3}, b ∈ {b1, b2}. */
    private static final DataTable TABLE = DataTable.builder()
            .factor("a", List.of("a1", "a2", "a3"), List.of("a1", "a2", "a3", "a1", "a2", "a3"))
            .factor("b", List.of("b1", "b2"), List.of("b1", "b1", "b1", "b2", "b2", "b2"))
            .numeric("y", 1, 2, 4, 3, 5, 9)
            .build();

    private static DesignMatrix design(String formula, Contrasts contrasts) {
        Formula f = Formula.parse(formula);
        return DesignMatrix.of(ModelFrame.of(TABLE, f.response(), f.variables()), f.terms(), contrasts);
    }

    @Test
    void treatmentNamesAndColumns() {
        DesignMatrix x = design("y ~ a * b", Contrasts.TREATMENT);
        assertEquals(List.of("(Intercept)", "aa2", "aa3", "bb2", "aa2:bb2", "aa3:bb2"), x.names());
        assertArrayEquals(new int[] {0, 1, 1, 2, 3, 3}, x.assign());
        assertArrayEquals(new double[] {0, 1, 0, 0, 1, 0}, x.column(1));
        assertArrayEquals(new double[] {0, 0, 0, 0, 1, 0}, x.column(4));
    }

    @Test
    void sumContrastsNamesAndColumns() {
        DesignMatrix x = design("y ~ a * b", Contrasts.SUM);
        assertEquals(List.of("(Intercept)", "a1", "a2", "b1", "a1:b1", "a2:b1"), x.names());
        assertArrayEquals(new double[] {1, 0, -1, 1, 0, -1}, x.column(1));
        assertArrayEquals(new double[] {1, 1, 1, -1, -1, -1}, x.column(3));
        assertArrayEquals(new double[] {1, 0, -1, -1, 0, 1}, x.column(4));
    }

    @Test
    void interactionColumnsVaryTheFirstFactorFastest() {
        DataTable t = DataTable.builder()
                .factor("a", List.of("p", "q", "r"), List.of("p", "q", "r", "p", "q", "r", "p", "q", "r"))
                .factor("b", List.of("u", "v", "w"), List.of("u", "u", "u", "v", "v", "v", "w", "w", "w"))
                .numeric("y", 1, 2, 3, 4, 5, 6, 7, 8, 10).build();
        Formula f = Formula.parse("y ~ a:b + a + b");
        DesignMatrix x = DesignMatrix.of(ModelFrame.of(t, "y", f.variables()), f.terms(), Contrasts.TREATMENT);
        assertEquals(List.of("aq:bv", "ar:bv", "aq:bw", "ar:bw"), x.names().subList(5, 9));
    }

    @Test
    void factorWithoutItsMarginIsCodedByIndicators() {
        // y ~ a + a:b: b is nested in a, so a enters the interaction with one column per level (as in R).
        DesignMatrix x = design("y ~ a + a:b", Contrasts.TREATMENT);
        assertEquals(List.of("(Intercept)", "aa2", "aa3", "aa1:bb2", "aa2:bb2", "aa3:bb2"), x.names());
        assertArrayEquals(new double[] {0, 0, 0, 1, 0, 0}, x.column(3));
    }

    @Test
    void unusedLevelsAreDroppedBeforeCoding() {
        DataTable t = DataTable.builder()
                .factor("g", List.of("x", "unused", "z"), List.of("x", "x", "z", "z"))
                .numeric("y", 1, 2, 3, 4).build();
        ModelFrame frame = ModelFrame.of(t, "y", List.of("g"));
        assertEquals(List.of("x", "z"), frame.factor("g").levels());
        assertEquals(List.of("(Intercept)", "gz"),
                DesignMatrix.of(frame, Formula.parse("y ~ g").terms(), Contrasts.TREATMENT).names());
    }

    @Test
    void incompleteRowsAreDroppedLikeNaOmit() {
        DataTable t = DataTable.builder()
                .factor("g", List.of("x", "z"), java.util.Arrays.asList("x", null, "z", "z", "x"))
                .numeric("y", java.util.Arrays.asList(1.0, 2.0, Double.NaN, null, 5.0))
                .numeric("unused", java.util.Arrays.asList(null, null, null, null, null))
                .build();
        ModelFrame frame = ModelFrame.of(t, "y", List.of("g"));
        assertArrayEquals(new int[] {0, 4}, frame.rows());
        assertArrayEquals(new double[] {1, 5}, frame.y());
        assertEquals(List.of("x"), frame.factor("g").levels());
    }

    @Test
    void contrastsNeedTwoLevels() {
        DataTable t = DataTable.builder()
                .factor("solo", List.of("only"), List.of("only", "only", "only"))
                .numeric("y", 1, 2, 3).build();
        StatsException e = assertThrows(StatsException.class, () -> LinearModel.fit(t, "y ~ solo", Contrasts.TREATMENT));
        assertTrue(e.getMessage().contains("'solo'"), e.getMessage());
    }
}
