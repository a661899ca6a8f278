package dev.petal.study.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plain-text tables in the style of R's {@code anova()} / {@code car::Anova} and {@code TukeyHSD}
 * prints, with η² columns. NA marks terms the design cannot estimate.
 */
public final class AnovaFormatter {

    private static final String SIGNIF_LEGEND = "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1";

    private AnovaFormatter() {
    }

    public static String format(AnovaTable table) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "Df", "Sum Sq", "Mean Sq", "F value", "Pr(>F)", "", "eta2", "partial eta2"});
        if (table.intercept() != null) {
            String[] cells = cells(table.intercept());
            cells[7] = "";
            cells[8] = "";
            rows.add(cells);
        }
        table.terms().forEach(r -> rows.add(cells(r)));
        ResidualRow res = table.residual();
        rows.add(new String[] {"Residuals", Integer.toString(res.df()), number(res.sumSq()), number(res.meanSq()), "", "",
                "", "", ""});
        StringBuilder out = new StringBuilder();
        out.append(switch (table.type()) {
            case I -> "Analysis of Variance Table (Type I, sequential sums of squares)";
            case II -> "Anova Table (Type II tests)";
            case III -> "Anova Table (Type III tests)";
        }).append("\n\nResponse: ").append(table.response()).append('\n');
        out.append(align(rows, new boolean[] {true, false, false, false, false, false, true, false, false}));
        out.append("---\n").append(SIGNIF_LEGEND).append('\n');
        out.append(String.format(Locale.ROOT, "n = %d, rank = %d of %d coefficients", table.n(), table.rank(),
                table.coefficientCount()));
        if (!table.aliasedCoefficients().isEmpty()) {
            out.append("; not estimable (aliased): ").append(String.join(", ", table.aliasedCoefficients()));
        }
        return out.append('\n').toString();
    }

    public static String format(TukeyResult result) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "diff", "lwr", "upr", "p adj"});
        for (TukeyComparison c : result.comparisons()) {
            rows.add(new String[] {c.levelA() + "-" + c.levelB(), number(c.diff()), number(c.lwr()), number(c.upr()),
                    fixed(c.pAdj())});
        }
        return String.format(Locale.ROOT, "  Tukey multiple comparisons of means%n    %s%% family-wise confidence level%n%n"
                + "$%s%n", number(100 * result.confLevel()), result.factor())
                + align(rows, new boolean[] {true, false, false, false, false});
    }

    private static String[] cells(AnovaRow r) {
        if (!r.estimable()) {
            return new String[] {r.term(), "0", "NA", "NA", "NA", "NA", "", "NA", "NA"};
        }
        return new String[] {r.term(), Integer.toString(r.df()), number(r.sumSq()), number(r.meanSq()), number(r.f()),
                pValue(r.p()), stars(r.p()), number(r.etaSq()), number(r.partialEtaSq())};
    }

    /** Five significant digits; NaN, Inf and whole numbers printed plainly. */
    static String number(double x) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "Inf" : "-Inf";
        }
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        return significant(x, 5);
    }

    /** {@code digits} significant digits without trailing zeros, e.g. 0.0002913 or 1.2346e-05. */
    private static String significant(double x, int digits) {
        String s = String.format(Locale.ROOT, "%." + digits + "g", x);
        String mantissa = s.contains("e") ? s.substring(0, s.indexOf('e')) : s;
        String exponent = s.contains("e") ? s.substring(s.indexOf('e')) : "";
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + exponent;
    }

    /** R's {@code format.pval}: four significant digits, "< 2.2e-16" below machine precision. */
    static String pValue(double p) {
        if (Double.isNaN(p)) {
            return "NaN";
        }
        if (p < 2.2e-16) {
            return "< 2.2e-16";
        }
        return significant(p, 4);
    }

    private static String fixed(double p) {
        return Double.isNaN(p) ? "NaN" : String.format(Locale.ROOT, "%.7f", p);
    }

    private static String stars(double p) {
        if (Double.isNaN(p)) {
            return "";
        }
        return p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : p < 0.1 ? "." : "";
    }

    private static String align(List<String[]> rows, boolean[] leftAligned) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                if (c > 0) {
                    line.append(' ');
                }
                String pad = " ".repeat(width[c] - row[c].length());
                line.append(leftAligned[c] ? row[c] + pad : pad + row[c]);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
