package dev.petal.study;

import dev.petal.study.stats.Anova;
import dev.petal.study.stats.AnovaRow;
import dev.petal.study.stats.AnovaTable;
import dev.petal.study.stats.AnovaType;
import dev.petal.study.stats.Contrasts;
import dev.petal.study.stats.DataTable;
import dev.petal.study.stats.DataTableCsv;
import dev.petal.study.stats.LeveneTest;
import dev.petal.study.stats.LinearModel;
import dev.petal.study.stats.OneWayTests;
import dev.petal.study.stats.ShapiroWilk;
import dev.petal.study.stats.StatsException;
import dev.petal.study.stats.TukeyHsd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The paper's analysis of a study's results.csv, per metric: a one-way ANOVA per factor (F, p, df, SS between
 * and within — what the paper reports), Welch's test, the multi-way main-effects model with Type II sums of
 * squares (the design is an incomplete factorial, so sequential Type I would depend on the order), Tukey HSD
 * for the factor with the largest F, and the assumption checks (Brown–Forsythe, Shapiro–Wilk on residuals).
 * Statistics that are undefined for the data at hand are reported as such, not skipped silently.
 */
public final class Analysis {
    /** One factor's one-way result. */
    public record OneWay(String factor, int levels, AnovaTable table, String welch) {
        public AnovaRow row() {
            return table.terms().get(0);
        }
    }

    /** Everything computed for one metric. */
    public record MetricAnalysis(String metric, int n, List<OneWay> oneWay, AnovaTable mainEffects, String tukey, String checks,
                                 List<String> notes) {
    }

    private Analysis() {
    }

    /** The factors that vary (≥ 2 levels present) in the study, in the spec's order with the spec's level order. */
    public static Map<String, List<String>> varyingFactors(StudyDir study) {
        Map<String, List<String>> levels = new LinkedHashMap<>();
        for (Map.Entry<String, List<Object>> f : study.spec().factors().entrySet()) {
            Set<String> present = new LinkedHashSet<>();
            for (Trial t : study.trials()) present.add(t.levels().get(f.getKey()));
            List<String> ordered = new ArrayList<>();
            for (Object l : f.getValue()) if (present.contains(String.valueOf(l))) ordered.add(String.valueOf(l));
            if (ordered.size() >= 2) levels.put(f.getKey(), ordered);
        }
        return levels;
    }

    public static List<MetricAnalysis> analyze(StudyDir study) {
        Path csv = study.root().resolve("results.csv");
        if (!Files.exists(csv)) Results.gather(study);
        Map<String, List<String>> factors = varyingFactors(study);
        Map<String, List<String>> columnTypes = new LinkedHashMap<>(factors);
        columnTypes.put("trial", List.of());
        DataTable table = DataTableCsv.read(csv, columnTypes);
        List<MetricAnalysis> out = new ArrayList<>();
        for (String metric : study.spec().metrics()) {
            String column = Results.column(metric);
            if (table.column(column) == null) continue;
            out.add(analyzeMetric(table, column, factors));
        }
        return out;
    }

    static MetricAnalysis analyzeMetric(DataTable table, String metric, Map<String, List<String>> factors) {
        List<String> notes = new ArrayList<>();
        List<OneWay> oneWay = new ArrayList<>();
        for (Map.Entry<String, List<String>> f : factors.entrySet()) {
            try {
                AnovaTable t = Anova.oneway(table, metric, f.getKey());
                String welch;
                try {
                    welch = OneWayTests.welch(table, metric, f.getKey()).toString();
                } catch (StatsException e) {
                    welch = "Welch: undefined (" + e.getMessage() + ")";
                }
                oneWay.add(new OneWay(f.getKey(), f.getValue().size(), t, welch));
            } catch (StatsException e) {
                notes.add("one-way ANOVA of " + metric + " by " + f.getKey() + ": undefined (" + e.getMessage() + ")");
            }
        }
        AnovaTable main = null;
        String checks = "";
        if (factors.size() >= 1) {
            String formula = metric + " ~ " + String.join(" + ", factors.keySet());
            try {
                main = Anova.fit(table, formula, AnovaType.II);
                LinearModel lm = LinearModel.fit(table, formula, Contrasts.TREATMENT);
                checks = "Shapiro–Wilk on residuals: " + ShapiroWilk.ofResiduals(lm);
            } catch (StatsException e) {
                notes.add("Type II model " + formula + ": undefined (" + e.getMessage() + ")");
            }
        }
        String tukey = "";
        OneWay strongest = oneWay.stream().filter(o -> Double.isFinite(o.row().f()))
                .max((a, b) -> Double.compare(a.row().f(), b.row().f())).orElse(null);
        if (strongest != null) {
            try {
                tukey = TukeyHsd.test(table, metric + " ~ " + strongest.factor(), strongest.factor(), 0.95).format();
                checks += (checks.isEmpty() ? "" : "\n") + "Brown–Forsythe by " + strongest.factor() + ": "
                        + LeveneTest.test(table, metric, List.of(strongest.factor()), LeveneTest.Center.MEDIAN);
            } catch (StatsException e) {
                notes.add("Tukey HSD / Brown–Forsythe by " + strongest.factor() + ": undefined (" + e.getMessage() + ")");
            }
        }
        return new MetricAnalysis(metric, table.column(metric) == null ? 0 : rows(table), oneWay, main, tukey, checks, notes);
    }

    private static int rows(DataTable t) {
        return t.columns().isEmpty() ? 0 : t.columns().get(0).size();
    }

    /** A plain-text rendering (what {@code petal study analyze} prints and saves as analysis.txt). */
    public static String format(List<MetricAnalysis> all) {
        StringBuilder sb = new StringBuilder();
        for (MetricAnalysis m : all) {
            sb.append("== ").append(m.metric()).append(" (").append(m.n()).append(" trials) ==\n\n");
            sb.append("One-way ANOVA per factor (F = MS_between / MS_within):\n");
            sb.append(String.format("  %-12s %6s %6s %10s %12s %12s %12s %8s%n", "factor", "df1", "df2", "F", "p", "SS between", "SS within", "eta²"));
            for (OneWay o : m.oneWay()) {
                AnovaRow r = o.row();
                sb.append(String.format("  %-12s %6d %6d %10.4g %12.4g %12.4g %12.4g %8.3f%n", o.factor(), r.df(), o.table().residual().df(),
                        r.f(), r.p(), r.sumSq(), o.table().residual().sumSq(), r.etaSq()));
            }
            for (OneWay o : m.oneWay()) sb.append("  ").append(o.factor()).append(": ").append(o.welch()).append('\n');
            if (m.mainEffects() != null) sb.append("\nMain effects, Type II sums of squares:\n").append(m.mainEffects().format()).append('\n');
            if (!m.tukey().isEmpty()) sb.append("\nTukey HSD:\n").append(m.tukey()).append('\n');
            if (!m.checks().isEmpty()) sb.append("\nAssumption checks:\n").append(m.checks()).append('\n');
            for (String n : m.notes()) sb.append("note: ").append(n).append('\n');
            sb.append('\n');
        }
        return sb.toString();
    }

    public static String write(StudyDir study) {
        String text = format(analyze(study));
        StudyDir.writeAtomically(study.root().resolve("analysis.txt"), text);
        return text;
    }
}
