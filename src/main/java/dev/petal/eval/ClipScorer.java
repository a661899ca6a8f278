package dev.petal.eval;

import dev.petal.eval.features.ClipFeatures;
import dev.petal.eval.features.FeatureCache;
import dev.petal.eval.image.RgbImage;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CLIP-I and CLIP-T for programs (the study runner, the demo): from generated tensors, decoded images or image
 * files, with one CLIP model folder loaded once. File embeddings go through the feature cache when one is set.
 *
 * <pre>{@code
 * ClipScorer clip = ClipScorer.open(Path.of("models/clip-vit-large-patch14")).withCache(Path.of(".petal-cache/features"));
 * float[][] refs = clip.fileEmbeddings(referenceFiles);          // cached after the first run
 * List<RgbImage> images = ClipScorer.images(generatedBatch);    // [B, 3, H, W] in [0, 1]
 * double clipI = clip.clipI(images, refs).value();
 * double clipT = clip.clipT(images, prompts).value();           // details: clip_score (torchmetrics ×100)
 * }</pre>
 */
public final class ClipScorer {
    private final ClipFeatures clip;
    private final FeatureCache cache;

    private ClipScorer(ClipFeatures clip, FeatureCache cache) {
        this.clip = clip;
        this.cache = cache;
    }

    /**
     * Loads a transformers CLIP folder (CLIPModel: config.json, weights, preprocessor and tokenizer files). Call it
     * outside any {@link dev.petal.tensor.Scope}, like every model constructor: the weights must outlive step scopes.
     */
    public static ClipScorer open(Path clipDir) {
        ClipFeatures clip = ClipFeatures.load(clipDir);
        clip.clipModel();
        return new ClipScorer(clip, FeatureCache.disabled());
    }

    public ClipScorer withCache(Path folder) {
        return new ClipScorer(clip, FeatureCache.at(folder));
    }

    public ClipFeatures features() {
        return clip;
    }

    /** Generated images as 8-bit pictures: [B, 3, H, W] or [3, H, W] in [0, 1], quantised as their PNG files would be. */
    public static List<RgbImage> images(Tensor images) {
        if (images.dim() == 3) return List.of(RgbImage.fromTensor(images));
        if (images.dim() != 4) throw new IllegalArgumentException("expected images [B, 3, H, W] or [3, H, W], got " + Tensors.shapeString(images));
        List<RgbImage> out = new ArrayList<>();
        for (long b = 0; b < images.size(0); b++) out.add(RgbImage.fromTensor(images.select(0, b)));
        return out;
    }

    public float[][] imageEmbeddings(List<RgbImage> images) {
        return clip.extract(images);
    }

    /** Embeddings of image files (cached by content when a cache is set). */
    public float[][] fileEmbeddings(List<Path> files) {
        return cache.features(clip, files);
    }

    public float[][] textEmbeddings(List<String> prompts) {
        return clip.textEmbeddings(prompts);
    }

    /** CLIP-T of image i with prompt i. */
    public MetricResult clipT(List<RgbImage> images, List<String> prompts) {
        if (images.size() != prompts.size()) throw new IllegalArgumentException(images.size() + " images for " + prompts.size() + " prompts");
        return Scores.clipT(imageEmbeddings(images), textEmbeddings(prompts), clip);
    }

    /** CLIP-I of generated images against reference embeddings (e.g. from {@link #fileEmbeddings}). */
    public MetricResult clipI(List<RgbImage> generated, float[][] reference) {
        return Scores.pairwiseSimilarity(Metric.CLIP_I, imageEmbeddings(generated), reference, clip);
    }

    public MetricResult clipTFiles(List<Path> images, List<String> prompts) {
        if (images.size() != prompts.size()) throw new IllegalArgumentException(images.size() + " images for " + prompts.size() + " prompts");
        return Scores.clipT(fileEmbeddings(images), textEmbeddings(prompts), clip);
    }

    public MetricResult clipIFiles(List<Path> generated, List<Path> reference) {
        return Scores.pairwiseSimilarity(Metric.CLIP_I, fileEmbeddings(generated), fileEmbeddings(reference), clip);
    }
}
