package dev.petal.training;

import dev.petal.pipeline.PipelineFixture;
import dev.petal.pipeline.PromptEncoder;
import dev.petal.pipeline.StableDiffusion;
import dev.petal.schedulers.NoiseSchedule;
import dev.petal.tensor.Torch;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The fixture pipeline (a complete tiny SD) and small synthetic training sets for trainer tests. */
final class TinySd {
    private TinySd() {
    }

    static StableDiffusion load(Path tmp) {
        return StableDiffusion.load(PipelineFixture.materialize(tmp.resolve("pipe-" + System.nanoTime())));
    }

    /** n smooth random images [3, 24, 24] in [−1, 1] (seeded), all captioned {@code caption}. */
    static LatentDataset images(StableDiffusion sd, int n, String caption, long seed, boolean flips) {
        Torch.seed(seed);
        List<Tensor> imgs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Tensor small = torch.rand(1, 3, 6, 6).mul(new Scalar(2)).sub(new Scalar(1));
            imgs.add(torch.upsample_nearest2d(small, new long[]{24, 24}).select(0, 0).contiguous());
        }
        return LatentDataset.encode(sd.vae(), new PromptEncoder(sd.tokenizer(), sd.textEncoder(), 0), imgs,
                Collections.nCopies(n, caption), flips, 4);
    }

    static DiffusionLoss loss(StableDiffusion sd, TrainConfig cfg) {
        return new DiffusionLoss(NoiseSchedule.of(sd.schedulerConfig()), sd.schedulerConfig().predictionType(), cfg.minSnrGamma(), cfg.noiseOffset());
    }
}
