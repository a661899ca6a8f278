/**
 * Pure-Java statistics for the study report, matching R 4.2 ({@code stats}) and {@code car} 3.1
 * to the tolerances of the fixtures in {@code src/test/fixtures/anova}.
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>Data: {@link dev.petal.study.stats.DataTableCsv#read(java.nio.file.Path, java.util.Map)} for
 *       {@code results.csv}, {@link dev.petal.study.stats.DataTable#builder()} from code,
 *       {@link dev.petal.study.stats.DataTableJson#fromData} for fixture files. Factor level order is
 *       explicit (first level = baseline).</li>
 *   <li>{@link dev.petal.study.stats.Anova#oneway}, {@link dev.petal.study.stats.Anova#fit} with
 *       {@link dev.petal.study.stats.AnovaType} I, II or III → {@link dev.petal.study.stats.AnovaTable}
 *       (print with {@link dev.petal.study.stats.AnovaTable#format()}).</li>
 *   <li>{@link dev.petal.study.stats.OneWayTests#welch}, {@link dev.petal.study.stats.OneWayTests#equalVariance},
 *       {@link dev.petal.study.stats.LeveneTest#test} → {@link dev.petal.study.stats.TestResult}.</li>
 *   <li>{@link dev.petal.study.stats.TukeyHsd#test} → {@link dev.petal.study.stats.TukeyResult}.</li>
 *   <li>{@link dev.petal.study.stats.ShapiroWilk#test} and {@link dev.petal.study.stats.ShapiroWilk#ofResiduals}
 *       with {@link dev.petal.study.stats.LinearModel#fit}.</li>
 * </ul>
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Missing values: {@code null} and NaN responses, and {@code null} factor values, drop the row
 *       (R's {@code na.omit}); levels left without rows are dropped as {@code lm} does. Infinite
 *       responses are an error.</li>
 *   <li>Incomplete designs: aliased coefficients are detected as {@code lm} does (limited-pivoting QR,
 *       tolerance 1e-7) and listed by R's names; a term with no estimable column has df 0 and NaN
 *       (NA) numbers. Type II handles such designs (car's model comparison); Type III refuses them.</li>
 *   <li>Errors: where R refuses ({@code contrasts can be applied only to factors with 2 or more levels},
 *       {@code not enough observations}, {@code residual df = 0}, ...) a
 *       {@link dev.petal.study.stats.StatsException} names the variable or term.</li>
 *   <li>Degenerate data: sums of squares within rounding noise of zero are exact zeros, so a perfect
 *       fit gives F = Infinity and p = 0, and 0/0 gives NaN, where R prints rounding residue.</li>
 * </ul>
 */
package dev.petal.study.stats;
