package dev.petal.cli;

import dev.petal.pipeline.StableDiffusion;
import dev.petal.tasks.Finetune;
import dev.petal.tasks.Personalize;
import dev.petal.tasks.TrainingRun;
import dev.petal.tasks.Validation;
import dev.petal.training.TrainConfig;
import dev.petal.training.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code petal train personalize|finetune}: train adapters, LoRA or the full UNet. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train adapters, LoRA or the full UNet.",
        subcommands = {TrainCommand.PersonalizeCommand.class, TrainCommand.FinetuneCommand.class})
public final class TrainCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "personalize", mixinStandardHelpOptions = true,
            description = "DreamBooth-style personalization with prior preservation (loss = L_instance + λ·L_prior).")
    static final class PersonalizeCommand implements Callable<Integer> {
        @Mixin
        TrainOptions t;
        @Option(names = "--instance-images", required = true, description = "folder with the subject's images")
        Path instanceImages;
        @Option(names = "--instance-prompt", required = true, description = "e.g. \"photo of a sks dog\"")
        String instancePrompt;
        @Option(names = "--class-prompt", description = "e.g. \"photo of a dog\" (needed for prior preservation)")
        String classPrompt;
        @Option(names = "--class-images", description = "class images folder (default: <out>/class-images); filled up with the base model")
        Path classImages;
        @Option(names = "--num-class-images", defaultValue = "200", description = "0 = no prior preservation (default: ${DEFAULT-VALUE})")
        int numClassImages;
        @Option(names = "--prior-loss-weight", defaultValue = "1.0", description = "λ (default: ${DEFAULT-VALUE})")
        double priorWeight;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            TrainConfig cfg = t.config(priorWeight);
            StableDiffusion sd = TrainCommand.load(t);
            Validation v = t.validationPrompts != null
                    ? new Validation(t.validationPrompts, List.of(0L, 1L, 2L, 3L), t.validationSteps, 7.0, "dpmpp-2m")
                    : Personalize.defaultValidation(instancePrompt, classPrompt, t.validationSteps);
            int classes = classPrompt == null ? 0 : numClassImages;
            var o = new Personalize.Options(instanceImages, instancePrompt, classPrompt, classImages, classes, t.resolution, t.out, t.resume,
                    v, t.validateEvery, Personalize.ClassSampling.DEFAULT);
            try (Progress bar = new Progress("train", cfg.steps(), "step")) {
                var progress = new BarListener(bar, cfg);
                TrainingRun.Outcome r = Personalize.run(sd, cfg, o, progress);
                bar.stepTo(cfg.steps());
                report(spec.commandLine().getOut(), r, cfg);
            }
            return 0;
        }
    }

    @Command(name = "finetune", mixinStandardHelpOptions = true, description = "Fine-tune on an image folder with captions.")
    static final class FinetuneCommand implements Callable<Integer> {
        @Mixin
        TrainOptions t;
        @Option(names = "--data", required = true, description = "image folder with metadata.jsonl (file_name, text) or name.txt captions")
        Path data;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            TrainConfig cfg = t.config(0);
            StableDiffusion sd = TrainCommand.load(t);
            Validation v = t.validationPrompts == null ? null
                    : new Validation(t.validationPrompts, List.of(0L, 1L), t.validationSteps, 7.0, "dpmpp-2m");
            try (Progress bar = new Progress("train", cfg.steps(), "step")) {
                TrainingRun.Outcome r = Finetune.run(sd, cfg, new Finetune.Options(data, t.resolution, t.out, t.resume, v, t.validateEvery),
                        new BarListener(bar, cfg));
                report(spec.commandLine().getOut(), r, cfg);
            }
            return 0;
        }
    }

    static StableDiffusion load(TrainOptions t) {
        return StableDiffusion.open(t.model, t.variant, null).to(dev.petal.tensor.Devices.parse(t.device));
    }

    /** Progress bar with loss and LR; class-image generation shows as its own phase. */
    static class BarListener implements Personalize.Progress {
        private final Progress bar;
        private final TrainConfig cfg;
        private double ema = Double.NaN;

        BarListener(Progress bar, TrainConfig cfg) {
            this.bar = bar;
            this.cfg = cfg;
        }

        @Override
        public void classImages(int done, int total) {
            bar.message("class images " + done + "/" + total);
        }

        @Override
        public void onStep(Trainer.StepLog log) {
            ema = Double.isNaN(ema) ? log.loss() : 0.9 * ema + 0.1 * log.loss();
            bar.stepTo(log.step());
            bar.message(String.format("loss %.4f lr %.2g", ema, log.lr()));
        }
    }

    static void report(PrintWriter out, TrainingRun.Outcome r, TrainConfig cfg) {
        out.printf("trained %s (%,d parameters) for %d steps in %.1f s (%.2f s/step), final loss %.4f, peak RSS %.0f MiB%n",
                cfg.method(), r.parameters(), r.steps() - r.resumedFrom(), r.seconds(), r.secondsPerStep(), r.finalLoss(), r.peakRssMiB());
        out.println("→ " + r.output().toAbsolutePath());
    }
}
