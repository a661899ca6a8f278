package dev.petal.eval.inception;

import dev.petal.eval.features.ModelWeights;
import dev.petal.nn.Module;
import dev.petal.safetensors.Checkpoints;
import dev.petal.safetensors.TensorSource;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;

/**
 * pytorch-fid's {@code InceptionV3} (FID variant, {@code resize_input} and {@code normalize_input} on): input in
 * [0, 1] → bilinear resize to 299×299 (align_corners false, no antialiasing) → {@code 2x − 1} → four blocks. The
 * modules carry the key names of pytorch-fid's weights file ({@code pt_inception-2015-12-05}, converted to
 * safetensors), so it loads unchanged; {@code fc.*} and {@code num_batches_tracked} are not needed.
 */
public final class FidInceptionV3 extends Module {
    /** Feature widths pytorch-fid offers ({@code --dims}): the outputs of blocks 0–3 averaged over H, W. */
    public static final List<Integer> DIMS = List.of(64, 192, 768, 2048);

    private record Stage(String name, UnaryOperator<Tensor> op) {
    }

    private final List<List<Stage>> blocks;

    public FidInceptionV3() {
        blocks = List.of(
                List.of(stage("Conv2d_1a_3x3", new BasicConv2d(3, 32, 3, 3, 2, 0, 0)), stage("Conv2d_2a_3x3", BasicConv2d.square(32, 32, 3, 0)),
                        stage("Conv2d_2b_3x3", BasicConv2d.square(32, 64, 3, 1)), new Stage("block0.MaxPool2d", Pools::max3x3Stride2)),
                List.of(stage("Conv2d_3b_1x1", BasicConv2d.pointwise(64, 80)), stage("Conv2d_4a_3x3", BasicConv2d.square(80, 192, 3, 0)),
                        new Stage("block1.MaxPool2d", Pools::max3x3Stride2)),
                List.of(stage("Mixed_5b", new InceptionA(192, 32)), stage("Mixed_5c", new InceptionA(256, 64)),
                        stage("Mixed_5d", new InceptionA(288, 64)), stage("Mixed_6a", new InceptionB(288)),
                        stage("Mixed_6b", new InceptionC(768, 128)), stage("Mixed_6c", new InceptionC(768, 160)),
                        stage("Mixed_6d", new InceptionC(768, 160)), stage("Mixed_6e", new InceptionC(768, 192))),
                List.of(stage("Mixed_7a", new InceptionD(768)), stage("Mixed_7b", new InceptionE(1280, false)),
                        stage("Mixed_7c", new InceptionE(2048, true)), new Stage("block3.AdaptiveAvgPool2d", x -> torch.adaptive_avg_pool2d(x, 1, 1))));
    }

    private <M extends Module & InceptionBlock> Stage stage(String name, M m) {
        return new Stage(name, registerModule(name, m)::forward);
    }

    /**
     * Loads pytorch-fid's FID weights from a .safetensors file (or a gzip of one, {@code .safetensors.gz}). torchvision's
     * ImageNet Inception has the same key names but other weights and gives other numbers: it is refused.
     */
    public static FidInceptionV3 load(Path file) {
        if (!Files.exists(file)) throw new IllegalArgumentException(file + ": Inception weights not found");
        Path weights = file.getFileName().toString().endsWith(".gz") ? gunzip(file) : file;
        try (TensorSource s = Checkpoints.open(weights)) {
            if (s.contains("AuxLogits.fc.weight") || (s.contains("fc.weight") && s.entry("fc.weight").shape()[0] != 1008)) {
                throw new IllegalArgumentException(file + ": this is torchvision's ImageNet Inception v3, not pytorch-fid's FID Inception "
                        + "(pt_inception-2015-12-05-6726825d.pth, 1008 classes, converted to safetensors)");
            }
        }
        try {
            return ModelWeights.load(new FidInceptionV3(), weights, k -> k.startsWith("fc.") || k.endsWith(".num_batches_tracked"));
        } finally {
            if (weights != file) deleteQuietly(weights);
        }
    }

    /** pytorch-fid's input resize: bilinear to 299×299, align_corners false (an identity at 299×299). */
    public static Tensor resizeInput(Tensor images) {
        return torch.upsample_bilinear2d(images, new long[]{299, 299}, false);
    }

    /** images [B, 3, H, W] in [0, 1] → [B, dims] features (dims 64, 192, 768 or 2048 = pool3). */
    public Tensor features(Tensor images, int dims) {
        return features(images, dims, (name, t) -> { });
    }

    /** As {@link #features(Tensor, int)}, showing every stage's output (by module name) to {@code observer}. */
    public Tensor features(Tensor images, int dims, BiConsumer<String, Tensor> observer) {
        int last = DIMS.indexOf(dims);
        if (last < 0) throw new IllegalArgumentException("Inception feature dims must be one of " + DIMS + ", got " + dims);
        long[] s = Tensors.shape(images);
        if (s.length != 4 || s[1] != 3) throw new IllegalArgumentException("Inception input must be [B, 3, H, W], got " + Tensors.shapeString(images));
        Tensor x = resizeInput(images).mul(new Scalar(2.0)).sub(new Scalar(1.0));
        for (int b = 0; b <= last; b++) {
            for (Stage st : blocks.get(b)) {
                x = st.op().apply(x);
                observer.accept(st.name(), x);
            }
        }
        return x.mean(2, 3);
    }

    private static Path gunzip(Path gz) {
        try {
            Path tmp = Files.createTempFile("petal-inception-", ".safetensors");
            try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException(gz + ": cannot decompress: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary copy; the OS cleans its temp folder
        }
    }
}
