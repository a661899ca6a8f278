package dev.petal.study.stats;

import java.util.List;
import java.util.Optional;

/**
 * An ANOVA table with effect sizes.
 *
 * @param terms               one row per model term, in R's term order
 * @param intercept           the {@code (Intercept)} row that {@code car::Anova} prints for Type III; null otherwise
 * @param totalSumSq          Σ(y − ȳ)² over the rows used
 * @param rank                rank of the model matrix
 * @param coefficientCount    number of coefficients, aliased ones included
 * @param aliasedCoefficients coefficients the design cannot estimate, by R's names
 */
public record AnovaTable(AnovaType type, String response, List<AnovaRow> terms, ResidualRow residual, int totalDf,
        double totalSumSq, AnovaRow intercept, int n, int rank, int coefficientCount,
        List<String> aliasedCoefficients) {

    public AnovaTable {
        terms = List.copyOf(terms);
        aliasedCoefficients = List.copyOf(aliasedCoefficients);
    }

    public Optional<AnovaRow> term(String label) {
        return terms.stream().filter(r -> r.term().equals(label)).findFirst();
    }

    /** For a one-way table: the between-groups sum of squares (the single term's). */
    public double ssBetween() {
        return terms.get(0).sumSq();
    }

    /** For a one-way table: the within-groups (residual) sum of squares. */
    public double ssWithin() {
        return residual.sumSq();
    }

    /** The table as text, like R's {@code anova()} print. */
    public String format() {
        return AnovaFormatter.format(this);
    }
}
