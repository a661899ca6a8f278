package dev.petal.eval;

import dev.petal.eval.features.FeatureRows;
import dev.petal.eval.features.ImageFeatureExtractor;
import dev.petal.eval.metrics.ClipScore;
import dev.petal.eval.metrics.Cosine;
import dev.petal.eval.metrics.FdMethod;
import dev.petal.eval.metrics.FrechetDistance;
import dev.petal.eval.metrics.GaussianStats;
import dev.petal.eval.metrics.Kid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The metrics computed from feature rows, each as a {@link MetricResult} that names its extractor and sample counts. */
public final class Scores {
    /** Below this many images a mean similarity is reported with a warning. */
    static final int FEW_IMAGES = 4;

    private Scores() {
    }

    /** CLIP-I or DINO: the mean cosine over every (generated, reference) pair (DreamBooth's definition). */
    public static MetricResult pairwiseSimilarity(Metric metric, float[][] generated, float[][] reference, ImageFeatureExtractor ex) {
        requireRows(generated, "generated");
        requireRows(reference, "reference");
        double[][] cos = Cosine.matrix(generated, reference);
        double[] perImage = new double[cos.length];
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < cos.length; i++) {
            perImage[i] = Cosine.mean(cos[i]);
            for (double c : cos[i]) {
                min = Math.min(min, c);
                max = Math.max(max, c);
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("std_over_generated", std(perImage));
        details.put("min_pair", min);
        details.put("max_pair", max);
        details.put("pairs", (long) generated.length * reference.length);
        return new MetricResult(metric.cliName, Cosine.mean(cos), details, ex.model(), ex.preprocessing(),
                Map.of("generated", generated.length, "reference", reference.length), fewImages(generated.length, reference.length));
    }

    /** CLIP-T: image i with prompt i; the torchmetrics ×100 score (clamped after the mean) in the details. */
    public static MetricResult clipT(float[][] images, float[][] prompts, ImageFeatureExtractor ex) {
        requireRows(images, "generated");
        double[] cos = Cosine.paired(images, prompts);
        double clampedMean = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double c : cos) {
            clampedMean += ClipScore.perPair(c) / cos.length;
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("clip_score", ClipScore.torchmetrics(cos));
        details.put("mean_of_per_pair_clip_scores", clampedMean);
        details.put("std", std(cos));
        details.put("min", min);
        details.put("max", max);
        return new MetricResult(Metric.CLIP_T.cliName, Cosine.mean(cos), details, ex.model(), ex.preprocessing(),
                Map.of("generated", images.length, "prompts", prompts.length), fewImages(images.length, Integer.MAX_VALUE));
    }

    public static MetricResult fid(float[][] generated, float[][] reference, FdMethod method, ImageFeatureExtractor ex) {
        return frechet(Metric.FID, generated, reference, method, ex);
    }

    /** Fréchet distance of any features; {@code metric} names it (fid for Inception pool3, fd-clip for CLIP). */
    public static MetricResult frechet(Metric metric, float[][] generated, float[][] reference, FdMethod method, ImageFeatureExtractor ex) {
        requireRows(generated, "generated");
        requireRows(reference, "reference");
        FrechetDistance fd = FrechetDistance.of(GaussianStats.of(FeatureRows.toDoubles(generated)),
                GaussianStats.of(FeatureRows.toDoubles(reference)), method, "generated", "reference");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", method.referenceName);
        details.put("mean_term", fd.meanTerm());
        details.put("trace_generated", fd.traceX());
        details.put("trace_reference", fd.traceY());
        details.put("trace_sqrt_product", fd.trSqrt());
        details.put("eps_fallback", fd.epsApplied());
        details.put("dims", ex.dim());
        return new MetricResult(metric.cliName, fd.value(), details, ex.model(), ex.preprocessing(),
                Map.of("generated", generated.length, "reference", reference.length), fd.warnings());
    }

    public static MetricResult kid(float[][] generated, float[][] reference, int subsets, int subsetSize, long seed, ImageFeatureExtractor ex) {
        return kernel(Metric.KID, generated, reference, subsets, subsetSize, seed, ex);
    }

    /** KID's unbiased polynomial-kernel MMD on any features; {@code metric} names it (kid, kid-clip). */
    public static MetricResult kernel(Metric metric, float[][] generated, float[][] reference, int subsets, int subsetSize, long seed,
                                      ImageFeatureExtractor ex) {
        requireRows(generated, "generated");
        requireRows(reference, "reference");
        Kid k = Kid.of(FeatureRows.toDoubles(generated), FeatureRows.toDoubles(reference), subsets, subsetSize, seed);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("std", k.std());
        details.put("subsets", subsets);
        details.put("subset_size", k.subsetSize());
        details.put("seed", seed);
        return new MetricResult(metric.cliName, k.mean(), details, ex.model(), ex.preprocessing(),
                Map.of("generated", generated.length, "reference", reference.length), k.warnings());
    }

    private static void requireRows(float[][] rows, String role) {
        if (rows.length == 0) throw new IllegalArgumentException("no " + role + " images");
    }

    private static List<String> fewImages(int generated, int reference) {
        List<String> w = new ArrayList<>();
        if (generated < FEW_IMAGES) w.add("only " + generated + " generated image(s): the mean is noisy");
        if (reference < FEW_IMAGES) w.add("only " + reference + " reference image(s): the mean is noisy");
        return w;
    }

    private static double std(double[] v) {
        double m = Cosine.mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / v.length);
    }
}
