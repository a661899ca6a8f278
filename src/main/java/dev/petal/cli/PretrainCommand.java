package dev.petal.cli;

import dev.petal.pretrain.ClipPretraining;
import dev.petal.pretrain.ModelEvaluation;
import dev.petal.pretrain.Optim;
import dev.petal.pretrain.PretrainLoop;
import dev.petal.pretrain.PretrainPreset;
import dev.petal.pretrain.PretrainPresets;
import dev.petal.pretrain.UnetPretraining;
import dev.petal.pretrain.VaePretraining;
import dev.petal.training.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code petal pretrain vae|clip|unet}: train the components of a small SD-architecture model from scratch. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Train a small Stable-Diffusion-architecture model from scratch (presets: emoji-tiny).",
                "Order: vae, clip, unet (the UNet needs the trained VAE and text encoder)."},
        subcommands = {PretrainCommand.Vae.class, PretrainCommand.Clip.class, PretrainCommand.Unet.class, PretrainCommand.Eval.class,
                PretrainCommand.Card.class})
public final class PretrainCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every stage takes; unset ones come from the preset. */
    static final class Common {
        @Option(names = "--preset", defaultValue = "emoji-tiny", description = "model preset (default: ${DEFAULT-VALUE})")
        String preset;
        @Option(names = "--data", required = true, description = "emoji data root written by `petal data emoji --out DIR`")
        Path data;
        @Option(names = "--out", required = true, description = "run folder (checkpoints, loss.jsonl, samples, the trained component)")
        Path out;
        @Option(names = "--steps", description = "optimizer steps (default: the preset's)")
        Integer steps;
        @Option(names = "--lr", description = "peak learning rate (default: the preset's)")
        Double lr;
        @Option(names = "--batch-size", description = "examples per step (default: the preset's)")
        Integer batchSize;
        @Option(names = "--checkpoint-every", description = "checkpoint interval in steps (default: the preset's)")
        Integer checkpointEvery;
        @Option(names = "--seed", defaultValue = "0", description = "seed of initialisation, batches and noise (default: ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--resume", description = "continue from the newest checkpoint in --out")
        boolean resume;

        PretrainPreset preset() {
            return PretrainPresets.get(preset);
        }

        Optim optim(Optim base) {
            return base.with(steps, lr, batchSize, checkpointEvery);
        }
    }

    @Command(name = "vae", mixinStandardHelpOptions = true,
            description = "AutoencoderKL on the Noto + Twemoji train images (L1 + KL); reports held-out PSNR.")
    static final class Vae implements Callable<Integer> {
        @Mixin
        Common c;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PretrainPreset p = c.preset();
            Optim optim = c.optim(p.vae().optim());
            var o = new VaePretraining.Options(p, c.data, c.out, optim, c.seed, c.resume);
            VaePretraining.Outcome r;
            try (Progress bar = new Progress("vae", optim.steps(), "step")) {
                r = VaePretraining.run(o, new LoopBar(bar));
            }
            var out = spec.commandLine().getOut();
            out.printf("trained the VAE (%,d parameters) to step %d in %.1f s this session, final loss %.4f, scaling factor %.5f%n",
                    r.parameters(), r.steps(), r.seconds(), r.finalLoss(), r.scalingFactor());
            r.psnr().forEach((k, v) -> out.printf("held-out PSNR %-8s %.2f dB%n", k, v));
            out.println("→ " + r.vaeDir().toAbsolutePath());
            return 0;
        }
    }

    @Command(name = "clip", mixinStandardHelpOptions = true,
            description = "CLIP (text + vision tower) on the Noto + Twemoji image–caption pairs, symmetric InfoNCE; its text tower "
                    + "becomes the pipeline's text encoder, the whole model the evaluator. Reports held-out retrieval accuracy.")
    static final class Clip implements Callable<Integer> {
        @Mixin
        Common c;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PretrainPreset p = c.preset();
            Optim optim = c.optim(p.clip().optim());
            ClipPretraining.Outcome r;
            try (Progress bar = new Progress("clip", optim.steps(), "step")) {
                r = ClipPretraining.run(new ClipPretraining.Options(p, c.data, c.out, optim, c.seed, c.resume), new LoopBar(bar));
            }
            var out = spec.commandLine().getOut();
            out.printf("trained CLIP (%,d parameters) to step %d in %.1f s this session, final loss %.4f, logit scale %.1f%n",
                    r.parameters(), r.steps(), r.seconds(), r.finalLoss(), r.logitScale());
            r.retrieval().forEach((k, v) -> out.printf("held-out %-28s %.3f%n", k, v));
            out.println("→ " + r.clipDir().toAbsolutePath() + "  (text encoder: " + r.textEncoderDir().toAbsolutePath() + ")");
            return 0;
        }
    }

    @Command(name = "unet", mixinStandardHelpOptions = true,
            description = "UNet2DConditionModel on the Noto train images with the frozen VAE and text encoder, caption dropout; "
                    + "writes the complete pipeline to <out>/model.")
    static final class Unet implements Callable<Integer> {
        @Mixin
        Common c;
        @Option(names = "--vae", required = true, description = "the trained VAE folder (<vae run>/vae)")
        Path vae;
        @Option(names = "--text-encoder", required = true, description = "the trained text encoder folder (<clip run>/text_encoder)")
        Path textEncoder;
        @Option(names = "--validate-every", defaultValue = "500", description = "sample validation grids every N steps, 0: only at the end (default: ${DEFAULT-VALUE})")
        int validateEvery;
        @Option(names = "--rare-words", description = "probability of a caption variant with an unknown word inserted (default: the preset's; see docs/pretraining.md)")
        Double rareWords;
        @Option(names = "--until", description = "pause after this step with a checkpoint (the LR schedule still spans --steps); continue with --resume")
        Integer until;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PretrainPreset p = c.preset();
            if (rareWords != null) p = p.withUnet(p.unet().withRareWords(rareWords));
            Optim optim = c.optim(p.unet().optim());
            if (until != null && (until < 1 || until > optim.steps())) {
                throw new IllegalArgumentException("--until " + until + " must be between 1 and --steps " + optim.steps());
            }
            var o = new UnetPretraining.Options(p, c.data, vae, textEncoder, c.out, optim, c.seed, c.resume, validateEvery, null);
            UnetPretraining.Outcome r;
            TrainConfig cfg = UnetPretraining.trainConfig(optim, c.seed);
            try (Progress bar = new Progress("unet", optim.steps(), "step")) {
                r = UnetPretraining.run(o, new TrainCommand.BarListener(bar, cfg) {
                    @Override
                    public boolean pauseAfter(int step) {
                        return until != null && step >= until;
                    }
                });
            }
            TrainCommand.report(spec.commandLine().getOut(), r.training(), cfg);
            spec.commandLine().getOut().println("pipeline → " + r.model().toAbsolutePath());
            return 0;
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "CLIP-T and FD in CLIP space of a pretrained pipeline on the held-out Noto captions, judged by the pretrained CLIP.")
    static final class Eval implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "the pipeline folder (<unet run>/model)")
        Path model;
        @Option(names = "--clip", required = true, description = "the CLIP folder (<clip run>/clip)")
        Path clip;
        @Option(names = "--data", required = true, description = "emoji data root written by `petal data emoji --out DIR`")
        Path data;
        @Option(names = "--out", required = true, description = "output folder (eval.json, images/, grid.png)")
        Path out;
        @Option(names = "--steps", defaultValue = "25", description = "sampling steps (default: ${DEFAULT-VALUE})")
        int steps;
        @Option(names = "--cfg", defaultValue = "5", description = "classifier-free guidance (default: ${DEFAULT-VALUE})")
        double cfg;
        @Option(names = "--sampler", defaultValue = "dpmpp-2m", description = "sampler (default: ${DEFAULT-VALUE})")
        String sampler;
        @Option(names = "--seed", defaultValue = "42", description = "seed (default: ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--limit", defaultValue = "0", description = "at most this many prompts, 0 = all (default: ${DEFAULT-VALUE})")
        int limit;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ModelEvaluation.Outcome r;
            try (Progress bar = new Progress("eval", limit > 0 ? limit : 350, "image")) {
                r = ModelEvaluation.run(new ModelEvaluation.Options(model, clip, data, out, steps, cfg, sampler, seed, 16, limit), bar::stepTo);
            }
            var o = spec.commandLine().getOut();
            o.printf("%d images from the Noto test captions%n", r.images());
            r.metrics().forEach((k, v) -> o.printf("%-30s %.4f%n", k, v));
            o.println("→ " + out.resolve("eval.json").toAbsolutePath());
            return 0;
        }
    }

    /** Progress with an exponential moving average of the loss (and its parts). */
    static final class LoopBar implements PretrainLoop.Listener {
        private final Progress bar;
        private double ema = Double.NaN;

        LoopBar(Progress bar) {
            this.bar = bar;
        }

        @Override
        public void onStep(PretrainLoop.StepLog log) {
            ema = Double.isNaN(ema) ? log.loss() : 0.95 * ema + 0.05 * log.loss();
            bar.stepTo(log.step());
            bar.message(String.format("loss %.4f lr %.2g", ema, log.lr()));
        }
    }

    @Command(name = "card", mixinStandardHelpOptions = true,
            description = {"Publish a finished pretraining as the embedded model: copies the pipeline and the CLIP, draws the loss",
                    "curves and writes the model card (OUT/README.md) from the numbers in the run folders."})
    static final class Card implements Callable<Integer> {
        @Option(names = "--runs", required = true, description = "the folder holding the vae, clip, unet and eval runs (scripts/pretrain-emoji-tiny.sh's RUNS_DIR)")
        Path runs;
        @Option(names = "--out", defaultValue = "models", description = "where emoji-tiny/, emoji-clip/, card/ and README.md go (default: ${DEFAULT-VALUE})")
        Path out;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path card = dev.petal.pretrain.ModelCard.write(runs, out);
            spec.commandLine().getOut().println("→ " + card.toAbsolutePath());
            return 0;
        }
    }
}
