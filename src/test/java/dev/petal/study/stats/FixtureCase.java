package dev.petal.study.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One analysis of an {@code anova-fixture/1} file: runs it with the stats package and checks a target. */
record FixtureCase(JsonNode analysis, DataTable table, String defaultResponse) {

    static final Set<String> KINDS =
            Set.of("oneway", "anova", "tukey", "levene", "welch", "oneway_test_equal_var", "shapiro");

    String kind() {
        return analysis.path("kind").asText();
    }

    private String response() {
        return analysis.hasNonNull("response") ? analysis.get("response").asText() : defaultResponse;
    }

    private String text(String field) {
        JsonNode node = analysis.get(field);
        if (node == null || node.isNull()) {
            throw new AssertionError("analysis " + analysis.path("id").asText() + " has no '" + field + "'");
        }
        return node.asText();
    }

    /** Runs the analysis; throws {@link StatsException} where R refuses. */
    Object compute() {
        return switch (kind()) {
            case "oneway" -> Anova.oneway(table, response(), text("factor"));
            case "anova" -> Anova.fit(table, text("model"), AnovaType.of(analysis.path("type").asInt()),
                    Contrasts.fromR(text("contrasts")));
            case "tukey" -> TukeyHsd.test(table, text("model"), text("factor"), confLevel());
            case "levene" -> LeveneTest.test(table, response(), strings(analysis.path("group_by")),
                    LeveneTest.Center.of(text("center")));
            case "welch" -> OneWayTests.welch(table, response(), text("factor"));
            case "oneway_test_equal_var" -> OneWayTests.equalVariance(table, response(), text("factor"));
            case "shapiro" -> shapiro();
            default -> throw new AssertionError("unknown analysis kind '" + kind() + "'");
        };
    }

    /** Shapiro–Wilk of a model's residuals, with the residuals for comparison with the fixture's values. */
    record ResidualTest(double[] residuals, ShapiroWilkResult result) {
    }

    private ResidualTest shapiro() {
        LinearModel model = LinearModel.fit(table, text("model"), Contrasts.TREATMENT);
        return new ResidualTest(model.residuals(), ShapiroWilk.ofResiduals(model));
    }

    private double confLevel() {
        if (analysis.hasNonNull("conf_level")) {
            return analysis.get("conf_level").asDouble();
        }
        JsonNode expected = analysis.path("expected").path("conf_level");
        return expected.isNumber() ? expected.asDouble() : 0.95;
    }

    /** Checks every number of {@code target} (an {@code expected} block, possibly with {@code exact} merged in). */
    void verify(Object result, JsonNode target) {
        switch (kind()) {
            case "oneway", "anova" -> verifyAnova((AnovaTable) result, target);
            case "tukey" -> verifyTukey((TukeyResult) result, target);
            case "levene", "welch", "oneway_test_equal_var" -> verifyTest((TestResult) result, target);
            case "shapiro" -> verifyShapiro((ResidualTest) result, target);
            default -> throw new AssertionError("unknown analysis kind '" + kind() + "'");
        }
    }

    private static void verifyAnova(AnovaTable table, JsonNode e) {
        double total = num(e.path("total").path("sum_sq"));
        List<String> expectedTerms = new ArrayList<>();
        for (JsonNode t : e.path("terms")) {
            String name = t.path("term").asText();
            expectedTerms.add(name);
            AnovaRow row = table.term(name).orElseThrow(() -> new AssertionError("no term " + name));
            verifyRow(row, t, total);
            Tolerance.relative(name + " eta_sq", row.etaSq(), num(t.get("eta_sq")), Tolerance.REL_STAT);
            Tolerance.relative(name + " partial_eta_sq", row.partialEtaSq(), num(t.get("partial_eta_sq")),
                    Tolerance.REL_STAT);
        }
        List<String> reported = table.terms().stream().map(AnovaRow::term).filter(expectedTerms::contains).toList();
        assertEquals(expectedTerms, reported, "term order");
        for (AnovaRow row : table.terms()) {
            assertTrue(expectedTerms.contains(row.term()) || !row.estimable(),
                    "term " + row.term() + " has df " + row.df() + " but R does not report it");
        }
        JsonNode res = e.path("residual");
        Tolerance.exact("residual df", table.residual().df(), num(res.get("df")));
        Tolerance.sumSq("residual sum_sq", table.residual().sumSq(), num(res.get("sum_sq")), total);
        Tolerance.sumSq("residual mean_sq", table.residual().meanSq(), num(res.get("mean_sq")), total);
        Tolerance.exact("total df", table.totalDf(), num(e.path("total").get("df")));
        Tolerance.sumSq("total sum_sq", table.totalSumSq(), total, total);
        Tolerance.exact("n", table.n(), num(e.get("n")));
        Tolerance.exact("rank", table.rank(), num(e.get("rank")));
        Tolerance.exact("n_coef", table.coefficientCount(), num(e.get("n_coef")));
        assertEquals(strings(e.path("aliased_coefficients")), table.aliasedCoefficients(), "aliased coefficients");
        if (e.has("intercept")) {
            assertTrue(table.intercept() != null, "no (Intercept) row");
            verifyRow(table.intercept(), e.get("intercept"), total);
        }
    }

    private static void verifyRow(AnovaRow row, JsonNode t, double total) {
        String name = row.term();
        Tolerance.exact(name + " df", row.df(), num(t.get("df")));
        Tolerance.sumSq(name + " sum_sq", row.sumSq(), num(t.get("sum_sq")), total);
        Tolerance.sumSq(name + " mean_sq", row.meanSq(), num(t.get("mean_sq")), total);
        Tolerance.relative(name + " F", row.f(), num(t.get("F")), Tolerance.REL_STAT);
        Tolerance.pValue(name + " p", row.p(), num(t.get("p")));
    }

    private static void verifyTukey(TukeyResult r, JsonNode e) {
        Tolerance.exact("conf_level", r.confLevel(), num(e.get("conf_level")));
        Tolerance.exact("k", r.k(), num(e.get("k")));
        Tolerance.exact("df_residual", r.dfResidual(), num(e.get("df_residual")));
        Tolerance.relative("mse", r.mse(), num(e.get("mse")), Tolerance.REL_STAT);
        Tolerance.relative("q_crit", r.qCrit(), num(e.get("q_crit")), Tolerance.REL_Q_CRIT);
        assertEquals(strings(e.path("levels")), r.levels(), "levels");
        for (int i = 0; i < e.path("group_n").size(); i++) {
            Tolerance.exact("group_n[" + i + "]", r.groupN().get(i), num(e.path("group_n").get(i)));
            Tolerance.relative("group_means[" + i + "]", r.groupMeans().get(i), num(e.path("group_means").get(i)),
                    Tolerance.REL_STAT);
        }
        assertEquals(e.path("group_n").size(), r.groupN().size(), "number of groups");
        assertEquals(e.path("comparisons").size(), r.comparisons().size(), "number of comparisons");
        for (int i = 0; i < r.comparisons().size(); i++) {
            TukeyComparison c = r.comparisons().get(i);
            JsonNode x = e.path("comparisons").get(i);
            String pair = x.path("level_a").asText() + "-" + x.path("level_b").asText();
            assertEquals(pair, c.levelA() + "-" + c.levelB(), "pair order");
            Tolerance.relative(pair + " diff", c.diff(), num(x.get("diff")), Tolerance.REL_STAT);
            Tolerance.relative(pair + " q", c.q(), num(x.get("q")), Tolerance.REL_STAT);
            Tolerance.absolute(pair + " p_adj", c.pAdj(), num(x.get("p_adj")), Tolerance.ABS_TUKEY_P);
            double halfWidth = (num(x.get("upr")) - num(x.get("lwr"))) / 2;
            double tol = Tolerance.REL_LWR_UPR_HALF_WIDTH * Math.abs(halfWidth);
            Tolerance.absolute(pair + " lwr", c.lwr(), num(x.get("lwr")), tol);
            Tolerance.absolute(pair + " upr", c.upr(), num(x.get("upr")), tol);
        }
    }

    private static void verifyTest(TestResult r, JsonNode e) {
        assertEquals(e.path("statistic_name").asText("F"), r.statisticName(), "statistic name");
        Tolerance.relative("statistic", r.statistic(), num(e.get("statistic")), Tolerance.REL_STAT);
        Tolerance.exact("df1", r.df1(), num(e.get("df1")));
        Double df2 = num(e.get("df2"));
        if (df2 != null && Double.isFinite(df2) && df2 != Math.rint(df2)) {
            Tolerance.relative("df2", r.df2(), df2, Tolerance.REL_STAT);
        } else {
            Tolerance.exact("df2", r.df2(), df2);
        }
        Tolerance.pValue("p", r.p(), num(e.get("p")));
    }

    private static void verifyShapiro(ResidualTest test, JsonNode e) {
        ShapiroWilkResult r = test.result();
        Tolerance.absolute("W", r.w(), num(e.get("statistic")), Tolerance.ABS_SHAPIRO);
        Tolerance.absolute("p", r.p(), num(e.get("p")), Tolerance.ABS_SHAPIRO);
        Tolerance.exact("n", r.n(), num(e.get("n")));
        if (e.path("values").isArray()) {
            double[] values = new double[e.get("values").size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = num(e.get("values").get(i));
            }
            assertEquals(values.length, test.residuals().length, "number of residuals");
            double scale = java.util.Arrays.stream(values).map(Math::abs).max().orElse(0);
            for (int i = 0; i < values.length; i++) {
                Tolerance.absolute("residual[" + i + "]", test.residuals()[i], values[i],
                        Tolerance.REL_STAT * Math.abs(values[i]) + 1e-12 * scale);
            }
            ShapiroWilkResult onValues = ShapiroWilk.test(values);
            Tolerance.absolute("W of the fixture's values", onValues.w(), num(e.get("statistic")),
                    Tolerance.ABS_SHAPIRO);
            Tolerance.absolute("p of the fixture's values", onValues.p(), num(e.get("p")), Tolerance.ABS_SHAPIRO);
        }
    }

    static Double num(JsonNode node) {
        return DataTableJson.number(node);
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
