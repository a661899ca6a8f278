package dev.petal.eval;

import dev.petal.eval.image.ImageFiles;
import dev.petal.eval.image.RgbImage;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The programmatic CLIP-I / CLIP-T API: from files, decoded images and generated tensors, against the reference cosines. */
class ClipScorerTest {
    static final double TOL = 1e-4;
    @TempDir
    static Path tmp;
    static ClipScorer scorer;
    static List<Path> files;
    static List<String> prompts = new ArrayList<>();
    static float[] cosImageText, cosImageImage;

    @BeforeAll
    static void load() {
        Path root = EvalFixtures.root();
        scorer = ClipScorer.open(root.resolve("clip/model")).withCache(tmp.resolve("cache"));
        files = ImageFiles.list(root.resolve("images"));
        EvalFixtures.json(root.resolve("clip/meta.json")).get("prompts").forEach(p -> prompts.add(p.asText()));
        prompts = prompts.subList(0, 4);
        try (SafetensorsFile io = SafetensorsFile.open(root.resolve("clip/io.safetensors"))) {
            cosImageText = io.floats("cos_image_text");
            cosImageImage = io.floats("cos_image_image");
        }
    }

    static double diagonalMean() {
        double s = 0;
        for (int i = 0; i < 4; i++) s += cosImageText[i * 5 + i] / 4;
        return s;
    }

    @Test
    void filesDecodedImagesAndTensorsGiveTheSameScores() {
        MetricResult fromFiles = scorer.clipTFiles(files, prompts);
        assertEquals(diagonalMean(), fromFiles.value(), TOL);
        assertEquals(4, fromFiles.samples().get("prompts"));

        List<RgbImage> decoded = files.stream().map(ImageFiles::read).toList();
        assertEquals(fromFiles.value(), scorer.clipT(decoded, prompts).value(), 1e-9);

        for (RgbImage img : decoded) {       // a generated image [3, H, W] in [0, 1] quantises back to the same pixels
            float[] chw = new float[img.pixels().length];
            int plane = img.width() * img.height();
            for (int i = 0; i < plane; i++) for (int c = 0; c < 3; c++) chw[c * plane + i] = (img.pixels()[i * 3 + c] & 0xFF) / 255f;
            Tensor t = Tensors.fromFloats(chw, 3, img.height(), img.width());
            assertArrayEquals(img.pixels(), ClipScorer.images(t).get(0).pixels());
            assertArrayEquals(img.pixels(), ClipScorer.images(t.unsqueeze(0)).get(0).pixels());
        }
    }

    @Test
    void clipIAgainstCachedReferenceEmbeddings() {
        float[][] refs = scorer.fileEmbeddings(files);
        MetricResult r = scorer.clipI(files.stream().map(ImageFiles::read).toList(), refs);
        double mean = 0;
        for (float v : cosImageImage) mean += v / cosImageImage.length;
        assertEquals(mean, r.value(), TOL);
        assertEquals(mean, scorer.clipIFiles(files, files).value(), TOL);
        assertEquals(16L, r.details().get("pairs"));
    }
}
