package dev.petal.study.stats;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed R model formula with an intercept: {@code response ~ terms}. Terms are in R's order:
 * main effects, then two-way interactions, and so on, each group in order of appearance.
 */
public record Formula(String response, List<Term> terms) {

    public Formula {
        terms = List.copyOf(terms);
    }

    /** Parses an R-style formula such as {@code "score ~ optimizer * warmup"}. */
    public static Formula parse(String text) {
        return FormulaParser.parse(text);
    }

    /** The predictor variables, in order of first appearance. */
    public List<String> variables() {
        Set<String> vars = new LinkedHashSet<>();
        terms.forEach(t -> vars.addAll(t.variables()));
        return List.copyOf(vars);
    }

    public List<String> termLabels() {
        return terms.stream().map(Term::label).toList();
    }

    /** The term with exactly these variables (in any order), if present. */
    public Optional<Term> term(List<String> variables) {
        return terms.stream().filter(t -> t.sameVariables(variables)).findFirst();
    }

    @Override
    public String toString() {
        return response + " ~ " + String.join(" + ", termLabels());
    }
}
