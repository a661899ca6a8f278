package dev.petal.study.stats;

import java.util.List;

/**
 * A model term: one variable (main effect) or several (interaction). Variables are in the order
 * they first appear in the formula, so labels read as R prints them ({@code optimizer:warmup}).
 */
public record Term(List<String> variables) {

    public Term {
        variables = List.copyOf(variables);
        if (variables.isEmpty()) {
            throw new IllegalArgumentException("a term needs at least one variable");
        }
    }

    public static Term of(String... variables) {
        return new Term(List.of(variables));
    }

    /** R's term label, e.g. {@code a:b}. */
    public String label() {
        return String.join(":", variables);
    }

    /** Number of variables: 1 for a main effect, 2 for a two-way interaction, ... */
    public int order() {
        return variables.size();
    }

    /** True when every variable of {@code other} is in this term (this term "contains" it). */
    public boolean contains(Term other) {
        return variables.containsAll(other.variables);
    }

    /** True when this term has the same variables as {@code vars}, in any order. */
    boolean sameVariables(List<String> vars) {
        return vars.size() == variables.size() && variables.containsAll(vars);
    }

    @Override
    public String toString() {
        return label();
    }
}
