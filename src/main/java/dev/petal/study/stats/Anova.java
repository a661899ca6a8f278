package dev.petal.study.stats;

import dev.petal.study.stats.LinearModel.TermSs;
import java.util.ArrayList;
import java.util.List;

/**
 * Analysis of variance on factor models, matching R: Type I as {@code summary(aov(...))}, Types II
 * and III as {@code car::Anova(lm(...), type = 2|3)}. Rows with a missing value in a model variable
 * are dropped. Every term row carries η² and partial η².
 */
public final class Anova {

    private Anova() {
    }

    /** One-way ANOVA of {@code response} by {@code factor}: SS between = the term row, SS within = residual. */
    public static AnovaTable oneway(DataTable table, String response, String factor) {
        return of(LinearModel.fit(table, new Formula(response, List.of(Term.of(factor))), Contrasts.TREATMENT),
                AnovaType.I);
    }

    /** ANOVA of an R-style formula with the type's usual contrasts (treatment for I/II, sum for III). */
    public static AnovaTable fit(DataTable table, String formula, AnovaType type) {
        return fit(table, formula, type, type.defaultContrasts());
    }

    public static AnovaTable fit(DataTable table, String formula, AnovaType type, Contrasts contrasts) {
        return of(LinearModel.fit(table, formula, contrasts), type);
    }

    /** The ANOVA table of an already fitted model. */
    public static AnovaTable of(LinearModel model, AnovaType type) {
        if (type != AnovaType.I) {
            checkCarPreconditions(model);
        }
        int dfRes = model.dfResidual();
        double rss = model.rss();
        double msRes = rss / dfRes;
        double total = model.totalSumSq();
        List<TermSs> ss = switch (type) {
            case I -> model.sequential();
            case II -> SumsOfSquares.typeII(model);
            case III -> SumsOfSquares.typeIII(model);
        };
        AnovaRow intercept = null;
        List<AnovaRow> rows = new ArrayList<>();
        for (TermSs s : ss) {
            AnovaRow row = row(s, msRes, dfRes, rss, total);
            if (s.term().equals("(Intercept)")) {
                intercept = new AnovaRow(row.term(), row.df(), row.sumSq(), row.meanSq(), row.f(), row.p(),
                        Double.NaN, Double.NaN);
            } else {
                rows.add(row);
            }
        }
        return new AnovaTable(type, model.formula().response(), rows, new ResidualRow(dfRes, rss, msRes),
                model.n() - 1, total, intercept, model.n(), model.rank(), model.coefficientCount(),
                model.aliasedCoefficients());
    }

    private static AnovaRow row(TermSs s, double msRes, int dfRes, double rss, double total) {
        if (s.df() == 0) {
            double na = Double.NaN;
            return new AnovaRow(s.term(), 0, na, na, na, na, na, na);
        }
        double ms = s.sumSq() / s.df();
        double f = ms / msRes;
        return new AnovaRow(s.term(), s.df(), s.sumSq(), ms, f, Distributions.fUpperTail(f, s.df(), dfRes),
                s.sumSq() / total, s.sumSq() / (s.sumSq() + rss));
    }

    /** car::Anova refuses these before computing anything. */
    private static void checkCarPreconditions(LinearModel model) {
        if (model.dfResidual() == 0) {
            throw new StatsException("residual df = 0: the model " + model.formula() + " fits every observation");
        }
        if (model.rawRss() < Math.sqrt(Math.ulp(1.0))) {
            throw new StatsException("residual sum of squares is 0 (within rounding error) for " + model.formula());
        }
    }
}
