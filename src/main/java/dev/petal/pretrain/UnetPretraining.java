package dev.petal.pretrain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.petal.data.ImageCaptionDataset;
import dev.petal.models.clip.ClipTextModel;
import dev.petal.models.clip.ClipTokenizer;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.models.unet.UNetConfig;
import dev.petal.models.vae.AutoencoderKL;
import dev.petal.pipeline.PromptEncoder;
import dev.petal.pipeline.StableDiffusion;
import dev.petal.schedulers.SchedulerConfig;
import dev.petal.study.StudyDir;
import dev.petal.tasks.TrainingRun;
import dev.petal.tasks.Validation;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Torch;
import dev.petal.training.LatentDataset;
import dev.petal.training.TrainConfig;
import dev.petal.training.Trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code petal pretrain unet}: a UNet2DConditionModel from scratch on the Noto train images, through the
 * standard {@link Trainer} (method {@code full}) on latents cached with the frozen VAE and text encoder, with
 * caption dropout for classifier-free guidance. At the end the complete pipeline folder is assembled.
 *
 * <pre>
 * OUT/unet/                  config.json + diffusion_pytorch_model.safetensors
 * OUT/model/                 the pipeline: model_index.json, unet/, vae/, text_encoder/, tokenizer/, scheduler/
 * OUT/samples/step-N.png     validation grids (prompts × seeds); final.png from the saved pipeline
 * OUT/loss.jsonl, train.json, pretrain.json, checkpoints/, unet.safetensors (the trainer's fp32 output)
 * </pre>
 */
public final class UnetPretraining {
    /** Prompts of the validation grids: captions of the Noto train set (the model should draw these). */
    public static final List<String> VALIDATION_PROMPTS = List.of("an emoji of a grinning face", "an emoji of a red apple",
            "an emoji of a cat face", "an emoji of a rocket");

    public record Options(PretrainPreset preset, Path data, Path vae, Path textEncoder, Path out, Optim optim, long seed, boolean resume,
                          int validateEvery, Validation validation) {
    }

    public record Outcome(Path model, TrainingRun.Outcome training) {
    }

    private UnetPretraining() {
    }

    public static Outcome run(Options o, Trainer.Listener progress) {
        PretrainPreset.Unet recipe = o.preset().unet();
        ObjectNode config = recipe.configJson();
        UNetConfig uc = ModelFiles.unetConfig(config);
        AutoencoderKL vae = AutoencoderKL.load(requireFolder(o.vae(), "--vae", "petal pretrain vae"));
        ClipTextModel text = ClipTextModel.load(requireFolder(o.textEncoder(), "--text-encoder", "petal pretrain clip"));
        checkCompatible(uc, vae, text, o.preset().resolution());
        vae.freezeAll();
        vae.eval();
        text.freezeAll();
        text.eval();

        RunConfig run = new RunConfig("unet", o.preset().name(), config, o.optim(), o.seed(), o.data().toString(),
                Map.of("caption_dropout", recipe.captionDropout(), "rare_words", recipe.rareWords(), "vae", o.vae().toString(), "text_encoder", o.textEncoder().toString()));
        checkResume(o.out(), run, o.resume());
        StudyDir.writeAtomically(o.out().resolve("pretrain.json"), run.toJson());

        ClipTokenizer tokenizer = ClipTokenizer.bundled();
        Torch.seed(o.seed());
        UNet2DConditionModel unet = new UNet2DConditionModel(uc);
        StableDiffusion sd = new StableDiffusion(o.out(), tokenizer, text, unet, vae,
                SchedulerConfig.parse(ModelFiles.SCHEDULER, "SD 1.x DDIM schedule"));

        ImageCaptionDataset data = ImageCaptionDataset.open(ImagePool.emojiFolders(o.data(), List.of("noto"), "train").get(0),
                o.preset().resolution(), false, o.seed());
        LatentDataset latents;
        try (NoGrad g = NoGrad.open()) {
            PromptEncoder enc = new PromptEncoder(tokenizer, text, 0);
            latents = LatentDataset.encode(vae, enc, data.images(), data.captions(), false, 64)
                    .withCaptionDropout(recipe.captionDropout(), enc.encode(List.of("")));
            if (recipe.rareWords() > 0) {
                List<String> variants = RareWords.absentFrom(data.captions(), tokenizer).variants(data.captions(), o.seed());
                latents = latents.withCaptionVariants(recipe.rareWords(), LatentDataset.encodeCaptions(enc, variants));
            }
        }
        TrainConfig cfg = trainConfig(o.optim(), o.seed());
        var trainable = TrainingRun.trainable(sd, cfg);
        Validation v = o.validation() != null ? o.validation() : new Validation(VALIDATION_PROMPTS, List.of(0L, 1L), 25, 5.0, "dpmpp-2m");
        TrainingRun.Outcome r = TrainingRun.run(sd, cfg, trainable, latents, null, o.out(), o.resume(), v, o.validateEvery(), progress);

        unet.eval();
        Path unetDir = o.out().resolve("unet");
        ModelFiles.writeComponent(unetDir, config, ModelFiles.DIFFUSERS_WEIGHTS, unet.stateDict(), o.preset().weightsDtype());
        Path model = o.out().resolve("model");
        ModelFiles.writePipeline(model, unetDir, o.vae(), o.textEncoder());
        v.grid(StableDiffusion.load(model), o.out().resolve("samples").resolve("final.png"));
        return new Outcome(model, r);
    }

    /** Full UNet training (the trainer's {@code full} method) with the stage's optimisation; no flips, no prior. */
    public static TrainConfig trainConfig(Optim o, long seed) {
        return new TrainConfig("full", null, null, null, null, o.steps(), o.batchSize(), 1, o.lr(), 0.9, 0.999, o.weightDecay(), 1e-8,
                o.lrSchedule(), o.warmupSteps(), o.maxGradNorm(), seed, 0, 0, 1.0, false, o.checkpointEvery(), o.keepCheckpoints(), "no", false);
    }

    static void checkCompatible(UNetConfig uc, AutoencoderKL vae, ClipTextModel text, int resolution) {
        if (uc.inChannels() != vae.config.latentChannels() || uc.outChannels() != vae.config.latentChannels()) {
            throw new IllegalArgumentException("the UNet takes " + uc.inChannels() + " latent channels but the VAE makes "
                    + vae.config.latentChannels());
        }
        if (uc.crossAttentionDim() != text.config().hiddenSize()) {
            throw new IllegalArgumentException("the UNet's cross_attention_dim is " + uc.crossAttentionDim()
                    + " but the text encoder's width is " + text.config().hiddenSize());
        }
        if (uc.sampleSize() * vae.config.downscale() != resolution) {
            throw new IllegalArgumentException("the UNet's sample_size " + uc.sampleSize() + " × the VAE's factor " + vae.config.downscale()
                    + " is not the preset's resolution " + resolution);
        }
    }

    private static void checkResume(Path out, RunConfig run, boolean resume) {
        Path file = out.resolve("pretrain.json");
        if (!resume || !Files.isRegularFile(file)) return;
        try {
            RunConfig before = RunConfig.fromJson(RunConfig.JSON.readTree(file.toFile()));
            if (!run.sameRunAs(before)) {
                throw new IllegalArgumentException(file + ": the run in " + out + " used other settings; resume needs the same "
                        + "configuration (use another --out to start afresh)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path requireFolder(Path dir, String option, String producer) {
        if (dir == null) throw new IllegalArgumentException(option + " is required (a folder written by " + producer + ")");
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new IllegalArgumentException(option + " " + dir + ": no config.json (expected a folder written by " + producer + ")");
        }
        return dir;
    }
}
