package dev.petal.pretrain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.petal.data.ImageCaptionDataset;
import dev.petal.eval.ClipScorer;
import dev.petal.eval.Scores;
import dev.petal.eval.image.RgbImage;
import dev.petal.eval.metrics.FdMethod;
import dev.petal.images.Images;
import dev.petal.pipeline.StableDiffusion;
import dev.petal.pipeline.TextToImage;
import dev.petal.study.StudyDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * {@code petal pretrain eval}: how well a pretrained pipeline draws the held-out Noto captions, judged by the
 * pretrained CLIP (the emoji world's evaluator). One image per Noto test caption (seeded), then
 * <ul>
 *   <li>CLIP-T: mean cosine of each image with its caption (the real test images' value as the reference);</li>
 *   <li>FD_CLIP: Fréchet distance between the generated and the real Noto test images in CLIP image-embedding
 *       space (Inception FID needs weights Petal does not ship); the Twemoji test images' distance to the Noto
 *       ones is reported beside it as a scale (a different style of the same emoji).</li>
 * </ul>
 * Writes {@code OUT/eval.json}, the images ({@code OUT/images/NNNN.png}) and {@code OUT/grid.png}.
 */
public final class ModelEvaluation {
    public record Options(Path model, Path clip, Path data, Path out, int steps, double guidance, String sampler, long seed, int batch,
                          int limit) {
    }

    public record Outcome(Map<String, Double> metrics, int images) {
    }

    private ModelEvaluation() {
    }

    public static Outcome run(Options o, IntConsumer progress) {
        StableDiffusion sd = StableDiffusion.load(o.model());
        ClipScorer clip = ClipScorer.open(o.clip());
        int res = sd.unet().config.sampleSize() * sd.vaeScale();
        ImageCaptionDataset noto = ImageCaptionDataset.open(ImagePool.emojiFolders(o.data(), List.of("noto"), "test").get(0), res, false, 0);
        ImageCaptionDataset twemoji = ImageCaptionDataset.open(ImagePool.emojiFolders(o.data(), List.of("twemoji"), "test").get(0), res, false, 0);
        List<String> prompts = noto.captions().subList(0, Math.min(o.limit() > 0 ? o.limit() : Integer.MAX_VALUE, noto.size()));

        List<RgbImage> generated = new ArrayList<>();
        List<BufferedImage> tiles = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i += o.batch()) {
            List<String> b = prompts.subList(i, Math.min(prompts.size(), i + o.batch()));
            var req = new TextToImage.Request(b, List.of(), o.steps(), o.guidance(), o.sampler(), o.seed() + i, res, res, 0);
            for (var t : TextToImage.split(TextToImage.generate(sd, req, null))) {
                BufferedImage img = Images.toImage(t);
                Images.writePng(img, o.out().resolve("images").resolve(String.format("%04d.png", generated.size())));
                if (tiles.size() < 64) tiles.add(img);
                generated.add(RgbImage.fromTensor(t));
            }
            progress.accept(generated.size());
        }
        Images.writePng(Images.grid(tiles, 8), o.out().resolve("grid.png"));

        float[][] gen = clip.imageEmbeddings(generated);
        float[][] real = clip.fileEmbeddings(files(noto));
        float[][] otherStyle = clip.fileEmbeddings(files(twemoji));
        var ex = clip.features();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("clip_t", clip.clipT(generated, prompts).value());
        m.put("clip_t_real_noto_test", Scores.clipT(real, clip.textEmbeddings(noto.captions()), ex).value());
        m.put("fd_clip", Scores.fid(gen, real, FdMethod.EIGH_SYMMETRIC, ex).value());
        m.put("fd_clip_twemoji_vs_noto_test", Scores.fid(otherStyle, real, FdMethod.EIGH_SYMMETRIC, ex).value());
        writeEval(o, m, generated.size());
        return new Outcome(m, generated.size());
    }

    private static List<Path> files(ImageCaptionDataset ds) {
        return ds.examples().stream().map(ImageCaptionDataset.Example::file).toList();
    }

    private static void writeEval(Options o, Map<String, Double> m, int n) {
        ObjectNode j = ModelFiles.JSON.createObjectNode();
        j.put("model", o.model().toString());
        j.put("clip", o.clip().toString());
        j.put("prompts", "Noto test captions");
        j.put("images", n);
        j.put("sampler", o.sampler());
        j.put("steps", o.steps());
        j.put("guidance", o.guidance());
        j.put("seed", o.seed());
        ObjectNode metrics = j.putObject("metrics");
        m.forEach(metrics::put);
        StudyDir.writeAtomically(o.out().resolve("eval.json"), j.toPrettyString() + "\n");
    }
}
