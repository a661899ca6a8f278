package dev.petal.study.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormulaParserTest {

    private static List<String> labels(String formula) {
        return Formula.parse(formula).termLabels();
    }

    @Test
    void singleFactor() {
        Formula f = Formula.parse("score ~ optimizer");
        assertEquals("score", f.response());
        assertEquals(List.of("optimizer"), f.termLabels());
    }

    @Test
    void additiveTermsKeepTheirOrder() {
        assertEquals(List.of("b", "a"), labels("y ~ b + a"));
    }

    @Test
    void starExpandsToMainEffectsAndInteraction() {
        assertEquals(List.of("a", "b", "a:b"), labels("y ~ a * b"));
    }

    @Test
    void threeWayStarIsOrderedByTermOrder() {
        assertEquals(List.of("a", "b", "c", "a:b", "a:c", "b:c", "a:b:c"), labels("y ~ a * b * c"));
    }

    @Test
    void mainEffectsComeBeforeInteractionsWhateverTheWrittenOrder() {
        assertEquals(List.of("a", "c", "a:b"), labels("y ~ a + a:b + c"));
    }

    @Test
    void interactionLabelFollowsFirstAppearanceOfVariables() {
        // R labels the term by the order in which variables first appear: b before a here.
        assertEquals(List.of("b", "a", "b:a"), labels("y ~ b + a + a:b"));
    }

    @Test
    void duplicateTermsCollapse() {
        assertEquals(List.of("a", "b", "a:b"), labels("y ~ a + b + a:b + b:a + a"));
    }

    @Test
    void colonBindsTighterThanStar() {
        assertEquals(List.of("a", "b:c", "a:b:c"), labels("y ~ a * b:c"));
    }

    @Test
    void parenthesesDistribute() {
        assertEquals(List.of("a:c", "a:d", "b:c", "b:d"), labels("y ~ (a + b):(c + d)"));
    }

    @Test
    void powerGivesInteractionsUpToThatOrder() {
        assertEquals(List.of("a", "b", "c", "a:b", "a:c", "b:c"), labels("y ~ (a + b + c)^2"));
    }

    @Test
    void explicitInterceptAndBackticksAndDots() {
        assertEquals(List.of("input.pos", "out pos", "input.pos:out pos"),
                labels("metric_1 ~ 1 + input.pos * `out pos`"));
    }

    @Test
    void variablesInFirstAppearanceOrder() {
        assertEquals(List.of("b", "a", "c"), Formula.parse("y ~ b * a + c").variables());
    }

    @Test
    void termLookupIgnoresVariableOrder() {
        Formula f = Formula.parse("y ~ a * b");
        assertTrue(f.term(List.of("b", "a")).isPresent());
        assertTrue(f.term(List.of("c")).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"y a", "y ~", "~ a", "y ~ a +", "y ~ a - b", "y ~ 0 + a", "y ~ 1", "y ~ y + a",
            "y ~ (a + b", "y ~ a ^ b", "y ~ a $ b", "y ~ `a"})
    void rejectsUnsupportedOrMalformedFormulas(String formula) {
        StatsException e = assertThrows(StatsException.class, () -> Formula.parse(formula));
        assertTrue(e.getMessage().contains(formula), e.getMessage());
    }
}
