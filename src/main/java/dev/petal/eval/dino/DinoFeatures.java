package dev.petal.eval.dino;

import dev.petal.eval.features.Batches;
import dev.petal.eval.features.ImageFeatureExtractor;
import dev.petal.eval.features.Lazy;
import dev.petal.eval.features.ModelFingerprint;
import dev.petal.eval.image.ImagePipeline;
import dev.petal.eval.image.RgbImage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * DINO image embeddings: the [CLS] token of a DINO ViT (e.g. facebook/dino-vits16, as in DreamBooth's DINO
 * metric) after torchvision's Resize(256, bicubic), CenterCrop(224), ImageNet normalisation — the resize scaled
 * by 8/7 of the model's input size for other sizes.
 */
public final class DinoFeatures implements ImageFeatureExtractor {
    private static final int BATCH = 16;
    private final Path dir;
    private final ViTConfig config;
    private final Lazy<ViTModel> model;
    private final ImagePipeline pipeline;
    private final String fingerprint;

    private DinoFeatures(Path dir, ViTConfig config) {
        this.dir = dir;
        this.config = config;
        this.model = new Lazy<>(() -> ViTModel.load(dir));
        this.pipeline = ImagePipeline.dino(config.imageSize());
        this.fingerprint = ModelFingerprint.of("dino|" + pipeline.describe(), dir);
    }

    /** Reads the configuration now, the weights when first needed. */
    public static DinoFeatures load(Path dir) {
        if (!Files.isRegularFile(dir.resolve("config.json"))) throw new IllegalArgumentException(dir + ": not a ViT model folder (no config.json)");
        return new DinoFeatures(dir, ViTConfig.load(dir.resolve("config.json")));
    }

    public ImagePipeline pipeline() {
        return pipeline;
    }

    @Override
    public String kind() {
        return "dino";
    }

    @Override
    public String model() {
        ViTConfig c = config;
        return "DINO ViT " + dir + " (" + c.numHiddenLayers() + "×" + c.hiddenSize() + ", patch " + c.patchSize() + ", [CLS])";
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
        return config.hiddenSize();
    }

    @Override
    public float[][] extract(List<RgbImage> images) {
        ViTModel m = model.get(); // loaded outside the batches' memory scopes
        return Batches.run(images, BATCH, b -> m.forward(pipeline.batch(b)).cls());
    }
}
