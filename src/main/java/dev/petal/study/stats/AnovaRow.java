package dev.petal.study.stats;

/**
 * One row of an ANOVA table. A term that the design cannot estimate (all its coefficients aliased)
 * has {@code df == 0} and NaN (R's NA) for every other number.
 *
 * @param etaSq        sumSq / total sum of squares
 * @param partialEtaSq sumSq / (sumSq + residual sum of squares)
 */
public record AnovaRow(String term, int df, double sumSq, double meanSq, double f, double p, double etaSq,
        double partialEtaSq) {

    /** False for a term with 0 df (not estimable in this design). */
    public boolean estimable() {
        return df > 0;
    }
}
