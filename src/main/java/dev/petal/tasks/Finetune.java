package dev.petal.tasks;

import dev.petal.data.ImageCaptionDataset;
import dev.petal.pipeline.PromptEncoder;
import dev.petal.pipeline.StableDiffusion;
import dev.petal.training.LatentDataset;
import dev.petal.training.TrainConfig;
import dev.petal.training.Trainer;

import java.nio.file.Path;
import java.util.List;

/**
 * Fine-tuning on a small image–caption set (an image folder with {@code metadata.jsonl} or {@code name.txt}
 * captions), e.g. Noto → Twemoji style.
 */
public final class Finetune {
    public record Options(Path data, int resolution, Path runDir, boolean resume, Validation validation, int validateEvery) {
    }

    private Finetune() {
    }

    public static TrainingRun.Outcome run(StableDiffusion sd, TrainConfig cfg, Options o, Trainer.Listener progress) {
        int res = o.resolution() > 0 ? o.resolution() : sd.unet().config.sampleSize() * sd.vaeScale();
        ImageCaptionDataset data = ImageCaptionDataset.open(o.data(), res, false, cfg.seed());
        PromptEncoder text = new PromptEncoder(sd.tokenizer(), sd.textEncoder(), 0);
        LatentDataset ds = LatentDataset.encode(sd.vae(), text, data.images(), data.captions(), cfg.flip(), 8);
        var trainable = TrainingRun.trainable(sd, cfg);
        Validation v = o.validation() != null ? o.validation()
                : new Validation(data.captions().subList(0, Math.min(4, data.size())), List.of(0L, 1L), 25, 7.0, "dpmpp-2m");
        return TrainingRun.run(sd, cfg, trainable, ds, null, o.runDir(), o.resume(), v, o.validateEvery(), progress);
    }
}
