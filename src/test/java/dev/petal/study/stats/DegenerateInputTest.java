package dev.petal.study.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Inputs where an analysis is undefined (typed errors) or degenerate (exact NaN / Infinity). */
class DegenerateInputTest {

    private static DataTable groups(List<String> g, double... y) {
        return DataTable.builder().factor("g", List.of("a", "b", "c"), g).numeric("y", y).build();
    }

    private static void assertErrorMentions(String text, Executable call) {
        StatsException e = assertThrows(StatsException.class, call);
        assertTrue(e.getMessage().contains(text), "message '" + e.getMessage() + "' should mention " + text);
    }

    @Test
    void oneLevelLeftAfterDroppingMissingResponses() {
        DataTable t = DataTable.builder().factor("g", List.of("a", "b"), List.of("a", "a", "b", "b"))
                .numeric("y", Arrays.asList(1.0, 2.0, null, Double.NaN)).build();
        assertErrorMentions("'g'", () -> Anova.oneway(t, "y", "g"));
        assertErrorMentions("not enough groups", () -> OneWayTests.welch(t, "y", "g"));
    }

    @Test
    void everyResponseMissing() {
        DataTable t = DataTable.builder().factor("g", List.of("a", "b"), List.of("a", "b"))
                .numeric("y", Arrays.asList(null, null)).build();
        assertErrorMentions("'y'", () -> Anova.oneway(t, "y", "g"));
    }

    @Test
    void infiniteResponseIsAnError() {
        DataTable t = groups(List.of("a", "a", "b", "b"), 1, Double.POSITIVE_INFINITY, 2, 3);
        assertErrorMentions("'y'", () -> Anova.oneway(t, "y", "g"));
    }

    @Test
    void nanResponsesAreDroppedLikeMissingOnes() {
        DataTable withNaN = groups(List.of("a", "a", "a", "b", "b", "c", "c"), 1, 2, Double.NaN, 4, 6, 3, 5);
        DataTable without = groups(List.of("a", "a", "b", "b", "c", "c"), 1, 2, 4, 6, 3, 5);
        AnovaTable a = Anova.oneway(withNaN, "y", "g");
        AnovaTable b = Anova.oneway(without, "y", "g");
        assertEquals(6, a.n());
        assertEquals(b.terms().get(0).f(), a.terms().get(0).f(), 1e-12);
    }

    @Test
    void singleObservationGroups() {
        DataTable t = groups(List.of("a", "b", "b", "c", "c"), 1, 2, 3, 4, 6);
        assertErrorMentions("level 'a'", () -> OneWayTests.welch(t, "y", "g"));
        assertErrorMentions("level 'a'", () -> OneWayTests.equalVariance(t, "y", "g"));
        // The linear-model analyses accept it, as R's aov does.
        assertEquals(2, Anova.oneway(t, "y", "g").residual().df());
    }

    @Test
    void zeroWithinGroupVarianceGivesInfiniteF() {
        DataTable t = groups(List.of("a", "a", "b", "b", "c", "c"), 0.1, 0.1, 0.7, 0.7, 0.3, 0.3);
        AnovaRow row = Anova.oneway(t, "y", "g").terms().get(0);
        assertEquals(0.0, Anova.oneway(t, "y", "g").residual().sumSq());
        assertEquals(Double.POSITIVE_INFINITY, row.f());
        assertEquals(0.0, row.p());
        assertEquals(1.0, row.partialEtaSq());
        assertEquals(1.0, row.etaSq(), 1e-15);
        TestResult classic = OneWayTests.equalVariance(t, "y", "g");
        assertEquals(Double.POSITIVE_INFINITY, classic.statistic());
        assertEquals(0.0, classic.p());
        assertTrue(Double.isNaN(OneWayTests.welch(t, "y", "g").statistic()), "Welch weights n/0 are undefined");
        TukeyComparison pair = TukeyHsd.test(t, "y ~ g", "g", 0.95).comparisons().get(0);
        assertEquals(Double.POSITIVE_INFINITY, pair.q());
        assertEquals(0.0, pair.pAdj());
        assertEquals(pair.diff(), pair.lwr());
        assertErrorMentions("residual sum of squares is 0", () -> Anova.fit(t, "y ~ g", AnovaType.II));
        assertErrorMentions("identical", () -> ShapiroWilk.ofResiduals(LinearModel.fit(t, "y ~ g", Contrasts.TREATMENT)));
    }

    @Test
    void constantResponseGivesNaN() {
        DataTable t = groups(List.of("a", "a", "b", "b", "c", "c"), 0.3, 0.3, 0.3, 0.3, 0.3, 0.3);
        AnovaTable table = Anova.oneway(t, "y", "g");
        AnovaRow row = table.terms().get(0);
        assertEquals(0.0, row.sumSq());
        assertEquals(0.0, table.totalSumSq());
        assertTrue(Double.isNaN(row.f()) && Double.isNaN(row.p()) && Double.isNaN(row.etaSq()));
        TestResult levene = LeveneTest.test(t, "y", List.of("g"), LeveneTest.Center.MEAN);
        assertTrue(Double.isNaN(levene.statistic()) && Double.isNaN(levene.p()));
    }

    @Test
    void equalGroupMeansGiveFExactlyZero() {
        DataTable t = groups(List.of("a", "a", "b", "b", "c", "c"), 0.1, 0.3, 0.3, 0.1, 0.15, 0.25);
        AnovaRow row = Anova.oneway(t, "y", "g").terms().get(0);
        assertEquals(0.0, row.f());
        assertEquals(1.0, row.p());
    }

    @Test
    void saturatedModelHasNoResidualDegreesOfFreedom() {
        DataTable t = groups(List.of("a", "b", "c"), 1, 2, 4);
        AnovaTable table = Anova.oneway(t, "y", "g");
        assertEquals(0, table.residual().df());
        assertTrue(Double.isNaN(table.terms().get(0).f()));
        assertErrorMentions("residual df = 0", () -> Anova.fit(t, "y ~ g", AnovaType.II));
        assertTrue(Double.isNaN(TukeyHsd.test(t, "y ~ g", "g", 0.95).qCrit()), "qtukey needs df >= 2");
    }

    @Test
    void shapiroWilkSampleSize() {
        assertErrorMentions("between 3 and 5000", () -> ShapiroWilk.test(new double[] {1, 2}));
        assertErrorMentions("between 3 and 5000", () -> ShapiroWilk.test(new double[] {1, 2, Double.NaN}));
        assertErrorMentions("identical", () -> ShapiroWilk.test(new double[] {2, 2, 2, 2}));
    }

    @Test
    void tukeyNeedsAMainEffectOfTheModel() {
        DataTable t = DataTable.builder().factor("a", List.of("x", "y"), List.of("x", "x", "y", "y", "x", "y"))
                .factor("b", List.of("u", "v"), List.of("u", "v", "u", "v", "v", "u"))
                .numeric("r", 1, 2, 3, 5, 2.5, 3.5).build();
        assertErrorMentions("'b'", () -> TukeyHsd.test(t, "r ~ a", "b", 0.95));
        assertErrorMentions("'a:b'", () -> TukeyHsd.test(t, "r ~ a * b", "a:b", 0.95));
        assertErrorMentions("conf.level", () -> TukeyHsd.test(t, "r ~ a", "a", 1.5));
    }

    @Test
    void undeclaredLevelAndNumericPredictorAreErrors() {
        assertErrorMentions("'g'", () -> groups(List.of("a", "zz"), 1, 2));
        DataTable t = DataTable.builder().numeric("x", 1, 2, 3, 4).numeric("y", 1, 3, 2, 4).build();
        assertErrorMentions("'x'", () -> Anova.oneway(t, "y", "x"));
    }
}
