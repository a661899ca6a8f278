package dev.petal.pretrain;

import dev.petal.eval.ClipScorer;
import dev.petal.models.clip.ClipModel;
import dev.petal.models.clip.ClipTextModel;
import dev.petal.models.clip.ClipTokenizer;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(OneTorchThread.class)
class ClipPretrainingTest {
    @TempDir
    Path tmp;

    @Test
    void contrastiveLossFallsAndBothFoldersLoad() throws Exception {
        Path data = TinyPretrain.data(tmp.resolve("data"), 3, 2);
        Path out = tmp.resolve("clip-run");
        List<Double> losses = new ArrayList<>();
        var o = new ClipPretraining.Options(TinyPretrain.preset("fp32"), data, out, TinyPretrain.optim(40, 6, 3e-3), 1, false);
        ClipPretraining.Outcome r = ClipPretraining.run(o, new PretrainLoop.Listener() {
            @Override
            public void onStep(PretrainLoop.StepLog log) {
                losses.add(log.loss());
            }
        });
        double first = losses.subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = losses.subList(35, 40).stream().mapToDouble(d -> d).average().orElseThrow();
        assertTrue(last < 0.5 * first, "InfoNCE should fall on 6 memorisable pairs: " + first + " → " + last);
        assertEquals(4, r.retrieval().size());

        ClipModel clip = ClipModel.load(r.clipDir());
        ClipTextModel text = ClipTextModel.load(r.textEncoderDir());
        var ids = Tensors.fromLongs(new long[]{49406, 320, 49407, 49407}, 1, 4);
        try (NoGrad g = NoGrad.open()) {
            assertArrayEquals(Tensors.toFloats(clip.textModel.forward(ids, null).lastHiddenState()),
                    Tensors.toFloats(text.forward(ids, null).lastHiddenState()), "the text encoder is CLIP's text tower");
        }
        assertTrue(Files.isRegularFile(r.clipDir().resolve("preprocessor_config.json")) && Files.isRegularFile(r.clipDir().resolve("vocab.json")));
        ClipScorer scorer = ClipScorer.open(r.clipDir());
        float[][] t = scorer.textEmbeddings(List.of("an emoji of a disc 0"));
        assertEquals(8, t[0].length);
        // the evaluator's preprocessing of the training image matches the training input: same embedding
        float[][] fromFile = scorer.fileEmbeddings(List.of(data.resolve("noto/train/e0.png")));
        float[] trained;
        try (NoGrad g = NoGrad.open()) {
            ImagePool pool = ImagePool.open(List.of(data.resolve("noto/train")), 16);
            trained = Tensors.toFloats(clip.imageEmbeds(ClipPretraining.pixels(pool, new int[]{0})));
        }
        for (int i = 0; i < trained.length; i++) assertEquals(trained[i], fromFile[0][i], 1e-4, "dim " + i);
        assertTrue(ClipTokenizer.bundled().vocabSize() > 49000);
    }
}
