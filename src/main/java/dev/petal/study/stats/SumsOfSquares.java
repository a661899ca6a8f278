package dev.petal.study.stats;

import dev.petal.study.stats.LinearModel.Submodel;
import dev.petal.study.stats.LinearModel.TermSs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Type II and Type III sums of squares by nested model comparison:
 * SS(term) = RSS(smaller) − RSS(larger), computed as ‖r_smaller − r_larger‖² for accuracy.
 * Type I comes straight from the QR effects ({@link LinearModel#sequential()}).
 */
final class SumsOfSquares {

    private SumsOfSquares() {
    }

    /**
     * car's Type II: the term against the model without it and without every term containing it
     * (its "relatives"). With aliased coefficients car compares the same two models (its
     * {@code lm2glm} path), so the df are the rank difference and a term with 0 df is not estimable.
     */
    static List<TermSs> typeII(LinearModel model) {
        List<Term> terms = model.formula().terms();
        List<TermSs> out = new ArrayList<>();
        for (int t = 0; t < terms.size(); t++) {
            Set<Integer> relatives = new HashSet<>();
            for (int o = 0; o < terms.size(); o++) {
                if (o != t && terms.get(o).contains(terms.get(t))) {
                    relatives.add(o + 1);
                }
            }
            Submodel larger = relatives.isEmpty() ? model.full() : model.without(relatives);
            Set<Integer> dropped = new HashSet<>(relatives);
            dropped.add(t + 1);
            Submodel smaller = model.without(dropped);
            out.add(compare(model, terms.get(t).label(), smaller, larger));
        }
        return out;
    }

    /**
     * car's Type III: each term (the intercept first, as index 0) against the full model without it.
     * car refuses rank-deficient models here, and so do we.
     */
    static List<TermSs> typeIII(LinearModel model) {
        if (!model.aliasedCoefficients().isEmpty()) {
            throw new StatsException("there are aliased coefficients in the model " + model.aliasedCoefficients()
                    + ": Type III sums of squares are not defined; use Type II");
        }
        List<TermSs> out = new ArrayList<>();
        List<Term> terms = model.formula().terms();
        for (int t = 0; t <= terms.size(); t++) {
            String label = t == 0 ? "(Intercept)" : terms.get(t - 1).label();
            out.add(compare(model, label, model.without(Set.of(t)), model.full()));
        }
        return out;
    }

    private static TermSs compare(LinearModel model, String label, Submodel smaller, Submodel larger) {
        int df = larger.rank() - smaller.rank();
        return new TermSs(label, df, df == 0 ? Double.NaN : model.extraSumSq(smaller, larger));
    }
}
