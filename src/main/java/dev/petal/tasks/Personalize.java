package dev.petal.tasks;

import dev.petal.data.ImageCaptionDataset;
import dev.petal.pipeline.PromptEncoder;
import dev.petal.pipeline.StableDiffusion;
import dev.petal.training.LatentDataset;
import dev.petal.training.TrainConfig;
import dev.petal.training.Trainer;

import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * DreamBooth-style personalization with prior preservation: the subject's images under the instance prompt
 * ("an emoji of a sks cat face") and the base model's own class images under the class prompt, loss =
 * L_instance + λ·L_prior. Class images are generated (by the base model, before anything is attached) when the
 * class folder holds fewer than requested, and reused by later runs.
 */
public final class Personalize {
    /** The task's inputs. {@code classImages} null: {@code <run>/class-images}; {@code numClassImages} 0: no prior. */
    public record Options(Path instanceImages, String instancePrompt, String classPrompt, Path classImages, int numClassImages,
                          int resolution, Path runDir, boolean resume, Validation validation, int validateEvery,
                          ClassSampling classSampling) {
    }

    /** How class images are sampled from the base model. */
    public record ClassSampling(int steps, double cfg, String sampler, int batch) {
        public static final ClassSampling DEFAULT = new ClassSampling(25, 7.0, "dpmpp-2m", 4);
    }

    /** Progress of the phases before training (class images), then the training steps. */
    public interface Progress extends Trainer.Listener {
        default void classImages(int done, int total) {
        }
    }

    private Personalize() {
    }

    public static TrainingRun.Outcome run(StableDiffusion sd, TrainConfig cfg, Options o, Progress progress) {
        int res = o.resolution() > 0 ? o.resolution() : sd.unet().config.sampleSize() * sd.vaeScale();
        ImageCaptionDataset instance = ImageCaptionDataset.withCaption(o.instanceImages(), o.instancePrompt(), res, false, cfg.seed());
        ImageCaptionDataset prior = null;
        if (o.numClassImages() > 0) {
            if (o.classPrompt() == null || o.classPrompt().isBlank()) throw new IllegalArgumentException("--class-prompt is required for prior preservation");
            Path classDir = o.classImages() != null ? o.classImages() : o.runDir().resolve("class-images");
            ClassSampling cs = o.classSampling() == null ? ClassSampling.DEFAULT : o.classSampling();
            IntConsumer tick = i -> progress.classImages(i, o.numClassImages());
            ClassImages.ensure(sd, classDir, o.classPrompt(), o.numClassImages(), cs.steps(), cs.cfg(), cs.sampler(), cs.batch(), tick);
            prior = ImageCaptionDataset.withCaption(classDir, o.classPrompt(), res, false, cfg.seed());
        }
        PromptEncoder text = new PromptEncoder(sd.tokenizer(), sd.textEncoder(), 0);
        LatentDataset inst = LatentDataset.encode(sd.vae(), text, instance.images(), instance.captions(), cfg.flip(), 8);
        LatentDataset pri = prior == null ? null : LatentDataset.encode(sd.vae(), text,
                prior.images().subList(0, Math.min(prior.size(), o.numClassImages())),
                prior.captions().subList(0, Math.min(prior.size(), o.numClassImages())), cfg.flip(), 8);
        var trainable = TrainingRun.trainable(sd, cfg);
        return TrainingRun.run(sd, cfg, trainable, inst, pri, o.runDir(), o.resume(), o.validation(), o.validateEvery(), progress);
    }

    /** Default validation: the instance prompt and the class prompt, four fixed seeds each. */
    public static Validation defaultValidation(String instancePrompt, String classPrompt, int steps) {
        return new Validation(classPrompt == null ? List.of(instancePrompt) : List.of(instancePrompt, classPrompt),
                List.of(0L, 1L, 2L, 3L), steps, 7.0, "dpmpp-2m");
    }
}
