package dev.petal.eval;

import dev.petal.eval.dino.DinoFeatures;
import dev.petal.eval.features.ClipFeatures;
import dev.petal.eval.features.FeatureCache;
import dev.petal.eval.image.ImageFiles;
import dev.petal.eval.inception.InceptionFeatures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Evaluates a folder of generated images against references and prompts: loads each feature model once, caches features. */
public final class Evaluator {
    private Evaluator() {
    }

    /** @param log progress lines (model loading, feature extraction) */
    public static EvalReport run(EvalRequest req, Consumer<String> log) {
        req.validate();
        long t0 = System.nanoTime();
        Set<Metric> metrics = req.metrics();
        List<String> notes = new ArrayList<>();
        List<Path> gen = images(req.generated(), "generated", notes);
        List<Path> ref = metrics.stream().anyMatch(Metric::needsReference) ? images(req.reference(), "reference", notes) : List.of();
        List<String> prompts = metrics.contains(Metric.CLIP_T) ? Prompts.forImages(req.prompts(), gen.size()) : List.of();
        FeatureCache cache = req.cache() == null ? FeatureCache.disabled() : FeatureCache.at(req.cache());
        List<MetricResult> results = new ArrayList<>();
        if (metrics.stream().anyMatch(Metric::usesClip)) {
            log.accept("CLIP model " + req.clip());
            ClipFeatures clip = ClipFeatures.load(req.clip());
            log.accept("CLIP features of " + gen.size() + " generated image(s)");
            float[][] g = cache.features(clip, gen);
            float[][] r = null;
            if (metrics.stream().anyMatch(m -> m.usesClip() && m.needsReference())) {
                log.accept("CLIP features of " + ref.size() + " reference image(s)");
                r = cache.features(clip, ref);
            }
            if (metrics.contains(Metric.CLIP_I)) results.add(Scores.pairwiseSimilarity(Metric.CLIP_I, g, r, clip));
            if (metrics.contains(Metric.CLIP_T)) results.add(Scores.clipT(g, clip.textEmbeddings(prompts), clip));
            if (metrics.contains(Metric.FD_CLIP)) results.add(Scores.frechet(Metric.FD_CLIP, g, r, req.fdMethod(), clip));
            if (metrics.contains(Metric.KID_CLIP)) {
                results.add(Scores.kernel(Metric.KID_CLIP, g, r, req.kidSubsets(), req.kidSubsetSize(), req.kidSeed(), clip));
            }
        }
        if (metrics.contains(Metric.DINO)) {
            log.accept("DINO model " + req.dino());
            DinoFeatures dino = DinoFeatures.load(req.dino());
            log.accept("DINO features of " + gen.size() + " generated and " + ref.size() + " reference image(s)");
            results.add(Scores.pairwiseSimilarity(Metric.DINO, cache.features(dino, gen), cache.features(dino, ref), dino));
        }
        if (metrics.contains(Metric.FID) || metrics.contains(Metric.KID)) {
            log.accept("Inception weights " + req.inception());
            InceptionFeatures inception = InceptionFeatures.pool3(req.inception());
            log.accept("Inception features of " + gen.size() + " generated and " + ref.size() + " reference image(s)");
            float[][] g = cache.features(inception, gen), r = cache.features(inception, ref);
            if (metrics.contains(Metric.FID)) results.add(Scores.fid(g, r, req.fdMethod(), inception));
            if (metrics.contains(Metric.KID)) results.add(Scores.kid(g, r, req.kidSubsets(), req.kidSubsetSize(), req.kidSeed(), inception));
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("generated", req.generated().toString());
        if (!ref.isEmpty()) inputs.put("reference", req.reference().toString());
        if (metrics.contains(Metric.CLIP_T)) inputs.put("prompts", req.prompts().toString());
        Map<String, Integer> cacheStats = new LinkedHashMap<>();
        cacheStats.put("hits", cache.hits());
        cacheStats.put("misses", cache.misses());
        return new EvalReport(inputs, results, notes, cacheStats, (System.nanoTime() - t0) / 1e9);
    }

    /** The images of a folder, without the contact sheets {@code petal generate} writes ({@code *-grid.png}). */
    static List<Path> images(Path dir, String role, List<String> notes) {
        List<Path> all = ImageFiles.list(dir);
        List<Path> images = all.stream().filter(p -> !p.getFileName().toString().endsWith("-grid.png")).toList();
        if (images.size() < all.size()) notes.add(role + ": skipped " + (all.size() - images.size()) + " grid image(s) (*-grid.png)");
        if (images.isEmpty()) throw new IllegalArgumentException(dir + ": no " + role + " images (" + String.join(", ", ImageFiles.EXTENSIONS) + ")");
        if (images.stream().anyMatch(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.jpe?g$"))) {
            notes.add(role + ": JPEG files are decoded by Java's decoder, which can differ from Pillow's libjpeg by a few levels");
        }
        return images;
    }
}
