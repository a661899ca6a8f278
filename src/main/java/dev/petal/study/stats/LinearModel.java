package dev.petal.study.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * An ordinary least-squares fit of a factor model, as R's {@code lm}/{@code aov}: model frame
 * (incomplete rows dropped), model matrix, pivoted QR. Aliased columns are detected as {@code lm}
 * detects them and are left out of the fit.
 */
public final class LinearModel {

    private final Formula formula;
    private final ModelFrame frame;
    private final DesignMatrix design;
    private final PivotedQr qr;
    private final double[] y;
    private final double[] effects;
    private final double[] residuals;
    private final RoundingNoise noise;

    private LinearModel(Formula formula, ModelFrame frame, DesignMatrix design) {
        this.formula = formula;
        this.frame = frame;
        this.design = design;
        this.y = frame.y();
        this.qr = PivotedQr.of(design.columns(), frame.n());
        this.effects = qr.qty(y);
        this.residuals = qr.residuals(y);
        this.noise = RoundingNoise.of(y);
    }

    /** Fits {@code formula} (e.g. {@code "score ~ optimizer * warmup"}) to the table. */
    public static LinearModel fit(DataTable table, String formula, Contrasts contrasts) {
        return fit(table, Formula.parse(formula), contrasts);
    }

    public static LinearModel fit(DataTable table, Formula formula, Contrasts contrasts) {
        ModelFrame frame = ModelFrame.of(table, formula.response(), formula.variables());
        return new LinearModel(formula, frame, DesignMatrix.of(frame, formula.terms(), contrasts));
    }

    public Formula formula() {
        return formula;
    }

    public ModelFrame frame() {
        return frame;
    }

    public DesignMatrix design() {
        return design;
    }

    /** Number of observations used. */
    public int n() {
        return y.length;
    }

    public int rank() {
        return qr.rank();
    }

    /** Number of coefficients, aliased ones included ({@code length(coef(fit))}). */
    public int coefficientCount() {
        return design.cols();
    }

    public int dfResidual() {
        return n() - rank();
    }

    public double[] residuals() {
        return residuals.clone();
    }

    /** Residual sum of squares, 0 when within rounding noise of a perfect fit. */
    public double rss() {
        return noise.sumSq(residuals);
    }

    /** The residual sum of squares as computed, without rounding-noise snapping. */
    double rawRss() {
        double sum = 0;
        for (double r : residuals) {
            sum += r * r;
        }
        return sum;
    }

    /** Σ(y − ȳ)² over the rows used. */
    public double totalSumSq() {
        return noise.snap(Moments.sumSqDeviations(y));
    }

    public double mean() {
        return Moments.mean(y);
    }

    /** Names of the coefficients {@code lm} cannot estimate, in model-matrix order. */
    public List<String> aliasedCoefficients() {
        return IntStream.range(0, design.cols()).filter(this::isAliased).mapToObj(design.names()::get).toList();
    }

    public boolean isAliased(int column) {
        int[] pivot = qr.pivot();
        for (int k = qr.rank(); k < pivot.length; k++) {
            if (pivot[k] == column) {
                return true;
            }
        }
        return false;
    }

    /** Sequential (Type I) degrees of freedom and sums of squares per term, from the QR effects. */
    List<TermSs> sequential() {
        int terms = formula.terms().size();
        int[] df = new int[terms + 1];
        double[] ss = new double[terms + 1];
        int[] pivot = qr.pivot();
        int[] assign = design.assign();
        for (int k = 0; k < qr.rank(); k++) {
            int term = assign[pivot[k]];
            df[term]++;
            ss[term] += effects[k] * effects[k];
        }
        List<TermSs> out = new ArrayList<>();
        for (int t = 1; t <= terms; t++) {
            out.add(new TermSs(formula.terms().get(t - 1).label(), df[t], noise.snap(ss[t])));
        }
        return out;
    }

    /** A submodel without the columns of the given terms (1-based; 0 = intercept). */
    Submodel without(Set<Integer> terms) {
        int[] keep = design.columnsExcluding(terms);
        double[][] cols = new double[keep.length][];
        for (int j = 0; j < keep.length; j++) {
            cols[j] = design.column(keep[j]);
        }
        PivotedQr sub = PivotedQr.of(cols, n());
        return new Submodel(sub.residuals(y), sub.rank());
    }

    /** This model seen as a submodel of itself. */
    Submodel full() {
        return new Submodel(residuals, rank());
    }

    /** Σ(r₁ − r₂)² = the extra sum of squares between two nested submodels, snapped. */
    double extraSumSq(Submodel smaller, Submodel larger) {
        return noise.distanceSq(smaller.residuals(), larger.residuals());
    }

    /** The projection of y on term {@code term}'s sequential subspace (R's {@code proj(fit)[, term]}). */
    double[] projection(int term) {
        double[] z = new double[n()];
        int[] pivot = qr.pivot();
        int[] assign = design.assign();
        for (int k = 0; k < qr.rank(); k++) {
            if (assign[pivot[k]] == term) {
                z[k] = effects[k];
            }
        }
        return qr.qz(z);
    }

    /** Residuals and rank of a model on a subset of the columns. */
    record Submodel(double[] residuals, int rank) {
    }

    /** A term's degrees of freedom and sum of squares. */
    record TermSs(String term, int df, double sumSq) {
    }
}
