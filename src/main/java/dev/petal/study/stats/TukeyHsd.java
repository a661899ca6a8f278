package dev.petal.study.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tukey HSD as R's {@code TukeyHSD(aov(formula), which = factor)}. The factor must be a main effect
 * of the model. Its level means are R's {@code model.tables(fit, "means")}: the grand mean plus the
 * level averages of the term's projection (the raw group means for the first term; adjusted means
 * for later terms of an unbalanced design). The error mean square is the full model's.
 */
public final class TukeyHsd {

    private TukeyHsd() {
    }

    public static TukeyResult test(DataTable table, String formula, String factor, double confLevel) {
        return test(LinearModel.fit(table, formula, Contrasts.TREATMENT), factor, confLevel);
    }

    public static TukeyResult test(LinearModel model, String factor, double confLevel) {
        if (!(confLevel > 0 && confLevel < 1)) {
            throw new StatsException("conf.level must be in (0, 1), got " + confLevel);
        }
        List<Term> terms = model.formula().terms();
        int term = terms.indexOf(Term.of(factor)) + 1;
        if (term == 0) {
            throw new StatsException("'" + factor + "' is not a main effect of " + model.formula());
        }
        FactorColumn column = model.frame().factor(factor);
        int k = column.levelCount();
        int[] n = column.levelCounts();
        double[] means = levelMeans(model, term, column);
        int df = model.dfResidual();
        double mse = model.rss() / df;
        double qCrit = StudentizedRange.quantile(confLevel, k, df);
        List<TukeyComparison> pairs = new ArrayList<>();
        for (int b = 0; b < k; b++) {
            for (int a = b + 1; a < k; a++) {
                double diff = means[a] - means[b];
                double se = Math.sqrt(mse / 2 * (1.0 / n[a] + 1.0 / n[b]));
                double q = Math.abs(diff) / se;
                pairs.add(new TukeyComparison(column.levels().get(a), column.levels().get(b), diff,
                        diff - qCrit * se, diff + qCrit * se, StudentizedRange.upperTail(q, k, df), q));
            }
        }
        return new TukeyResult(factor, confLevel, k, df, mse, qCrit, column.levels(),
                Arrays.stream(n).boxed().toList(), Arrays.stream(means).boxed().toList(), pairs);
    }

    private static double[] levelMeans(LinearModel model, int term, FactorColumn column) {
        double[] projection = model.projection(term);
        double[] sums = new double[column.levelCount()];
        int[] n = column.levelCounts();
        for (int i = 0; i < projection.length; i++) {
            sums[column.code(i)] += projection[i];
        }
        double grand = model.mean();
        double[] means = new double[sums.length];
        for (int l = 0; l < sums.length; l++) {
            means[l] = grand + sums[l] / n[l];
        }
        return means;
    }
}
