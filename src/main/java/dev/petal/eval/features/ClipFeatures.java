package dev.petal.eval.features;

import dev.petal.eval.image.ClipProcessorConfig;
import dev.petal.eval.image.ImagePipeline;
import dev.petal.eval.image.RgbImage;
import dev.petal.models.clip.ClipModel;
import dev.petal.models.clip.ClipModelConfig;
import dev.petal.models.clip.ClipTokenizer;
import dev.petal.models.clip.ClipVisionConfig;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Scope;
import dev.petal.tensor.Tensors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CLIP image and text embeddings ({@code get_image_features} / {@code get_text_features}) from a transformers CLIP
 * folder: {@code config.json} + weights, {@code preprocessor_config.json} (absent: the openai settings at the
 * model's image size) and the tokenizer files (absent: Petal's bundled openai CLIP vocabulary).
 */
public final class ClipFeatures implements ImageFeatureExtractor {
    private static final int BATCH = 16;
    private final Path dir;
    private final ClipModelConfig config;
    private final Lazy<ClipModel> model;
    private final ImagePipeline pipeline;
    private final ClipTokenizer tokenizer;
    private final String fingerprint;

    private ClipFeatures(Path dir, ClipModelConfig config, ImagePipeline pipeline, ClipTokenizer tokenizer) {
        this.dir = dir;
        this.config = config;
        this.model = new Lazy<>(() -> ClipModel.load(dir));
        this.pipeline = pipeline;
        this.tokenizer = tokenizer;
        this.fingerprint = ModelFingerprint.of("clip|" + pipeline.describe(), dir);
    }

    /** Reads the configuration, preprocessing and tokenizer now; the weights when first needed. */
    public static ClipFeatures load(Path dir) {
        if (!Files.isRegularFile(dir.resolve("config.json"))) throw new IllegalArgumentException(dir + ": not a CLIP model folder (no config.json)");
        ClipModelConfig config = ClipModelConfig.load(dir.resolve("config.json"));
        int size = config.vision() != null ? config.vision().imageSize() : 224;
        ImagePipeline pipeline = ClipProcessorConfig.load(dir.resolve("preprocessor_config.json"), size);
        ClipTokenizer tokenizer = Files.isRegularFile(dir.resolve("vocab.json")) ? ClipTokenizer.load(dir) : ClipTokenizer.bundled();
        return new ClipFeatures(dir, config, pipeline, tokenizer);
    }

    public ClipModel clipModel() {
        return model.get();
    }

    public ImagePipeline pipeline() {
        return pipeline;
    }

    @Override
    public String kind() {
        return "clip";
    }

    @Override
    public String model() {
        ClipVisionConfig v = config.vision();
        String vision = v == null ? "no vision tower" : "ViT " + v.numHiddenLayers() + "×" + v.hiddenSize() + ", patch " + v.patchSize() + ", " + v.imageSize() + " px";
        return "CLIP " + dir + " (" + vision + ", " + config.projectionDim() + "-d projections)";
    }

    @Override
    public String preprocessing() {
        return pipeline.describe();
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public int dim() {
        return config.projectionDim();
    }

    @Override
    public float[][] extract(List<RgbImage> images) {
        ClipModel m = model.get(); // loaded outside the batches' memory scopes
        return Batches.run(images, BATCH, b -> m.imageEmbeds(pipeline.batch(b)));
    }

    /** Text embeddings of prompts (truncated to the tokenizer's 77 tokens, padded to the longest). */
    public float[][] textEmbeddings(List<String> prompts) {
        if (prompts.isEmpty()) return new float[0][];
        var batch = tokenizer.encodeBatch(prompts, tokenizer.modelMaxLength(), ClipTokenizer.Padding.LONGEST);
        int length = batch.inputIds()[0].length;
        ClipModel m = model.get();
        try (Scope s = Scope.open(); NoGrad g = NoGrad.open()) {
            var ids = Tensors.fromLongs(batch.flatInputIds(), prompts.size(), length);
            var mask = Tensors.fromLongs(batch.flatAttentionMask(), prompts.size(), length);
            return FeatureRows.of(m.textEmbeds(ids, mask));
        }
    }
}
