package dev.petal.eval.inception;

import dev.petal.eval.features.Batches;
import dev.petal.eval.features.ImageFeatureExtractor;
import dev.petal.eval.features.Lazy;
import dev.petal.eval.features.ModelFingerprint;
import dev.petal.eval.image.ImagePipeline;
import dev.petal.eval.image.RgbImage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** FID features: pytorch-fid's InceptionV3 pool3 (2048-d, or 64/192/768) of images read as its ImagePathDataset does. */
public final class InceptionFeatures implements ImageFeatureExtractor {
    private static final int BATCH = 8;
    private final Path file;
    private final Lazy<FidInceptionV3> model;
    private final int dims;
    private final ImagePipeline pipeline = ImagePipeline.toTensor();
    private final String fingerprint;

    /** The weights are loaded when first needed (a fully cached evaluation never does). */
    public InceptionFeatures(Path file, int dims) {
        if (!FidInceptionV3.DIMS.contains(dims)) throw new IllegalArgumentException("Inception dims must be one of " + FidInceptionV3.DIMS);
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": Inception weights not found");
        this.file = file;
        this.model = new Lazy<>(() -> FidInceptionV3.load(file));
        this.dims = dims;
        this.fingerprint = ModelFingerprint.of("inception|" + dims + "|" + preprocessing(), file);
    }

    /** pool3 (2048-d) features, the FID standard. */
    public static InceptionFeatures pool3(Path file) {
        return new InceptionFeatures(file, 2048);
    }

    @Override
    public String kind() {
        return "inception";
    }

    @Override
    public String model() {
        return "pytorch-fid InceptionV3 (FID weights " + file + "), " + (dims == 2048 ? "pool3" : "block output") + " " + dims + "-d";
    }

    @Override
    public String preprocessing() {
        return pipeline.describe() + "; in the network: bilinear resize to 299×299 (align_corners false), 2x − 1";
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public int dim() {
        return dims;
    }

    /** Images of one size are batched together (the network resizes each batch to 299×299). */
    @Override
    public float[][] extract(List<RgbImage> images) {
        FidInceptionV3 m = model.get(); // loaded outside the batches' memory scopes
        List<float[]> rows = new ArrayList<>();
        int start = 0;
        while (start < images.size()) {
            int end = start + 1;
            while (end < images.size() && sameSize(images.get(start), images.get(end))) end++;
            rows.addAll(List.of(Batches.run(images.subList(start, end), BATCH, b -> m.features(pipeline.batch(b), dims))));
            start = end;
        }
        return rows.toArray(new float[0][]);
    }

    private static boolean sameSize(RgbImage a, RgbImage b) {
        return a.width() == b.width() && a.height() == b.height();
    }
}
