package dev.petal.tasks;

import dev.petal.adapters.Adapters;
import dev.petal.bench.Stats;
import dev.petal.pipeline.StableDiffusion;
import dev.petal.schedulers.NoiseSchedule;
import dev.petal.study.StudyDir;
import dev.petal.tensor.Torch;
import dev.petal.training.AdapterTrainable;
import dev.petal.training.DiffusionLoss;
import dev.petal.training.FullTrainable;
import dev.petal.training.LatentDataset;
import dev.petal.training.LoraTrainable;
import dev.petal.training.Trainable;
import dev.petal.training.TrainConfig;
import dev.petal.training.Trainer;

import java.nio.file.Path;

/**
 * One training run on a loaded model, shared by personalization and fine-tuning: builds what is trained
 * (adapter, LoRA or the full UNet), runs the {@link Trainer} with validation grids every N steps, and saves the
 * result in the run folder ({@code adapter.safetensors}, {@code lora.safetensors} or {@code unet.safetensors}).
 */
public final class TrainingRun {
    /** What came out. */
    public record Outcome(Path output, Trainable trained, long parameters, double seconds, double finalLoss, int steps, double peakRssMiB,
                          int resumedFrom) {
        /** Seconds per step of this process (a resumed run timed only the steps after {@code resumedFrom}). */
        public double secondsPerStep() {
            return seconds / Math.max(1, steps - resumedFrom);
        }
    }

    private TrainingRun() {
    }

    /** Attaches/unfreezes what {@code cfg.method()} trains on {@code sd}'s UNet (seeded, so a resumed run builds the same). */
    public static Trainable trainable(StableDiffusion sd, TrainConfig cfg) {
        Torch.seed(cfg.seed());
        return switch (cfg.method()) {
            case "adapter" -> new AdapterTrainable(Adapters.attach(sd.unet(), cfg.adapter()), sd.unet());
            case "full" -> {
                dev.petal.tensor.NativeMalloc.forFullTraining(sd.unet().parameterCount()); // peak RSS of SD-sized UNets
                yield new FullTrainable(sd.unet());
            }
            case "lora" -> LoraTrainable.attach(sd.unet(), cfg);
            default -> throw new IllegalArgumentException("unknown method " + cfg.method());
        };
    }

    public static String outputName(String method) {
        return switch (method) {
            case "adapter" -> "adapter.safetensors";
            case "lora" -> "lora.safetensors";
            default -> "unet.safetensors";
        };
    }

    public static Outcome run(StableDiffusion sd, TrainConfig cfg, Trainable trainable, LatentDataset instance, LatentDataset prior,
                              Path runDir, boolean resume, Validation validation, int validateEvery, Trainer.Listener progress) {
        StudyDir.writeAtomically(runDir.resolve("train.json"), cfg.toJson());
        DiffusionLoss loss = new DiffusionLoss(NoiseSchedule.of(sd.schedulerConfig()), sd.schedulerConfig().predictionType(),
                cfg.minSnrGamma(), cfg.noiseOffset());
        long t0 = System.nanoTime();
        Trainer.Result r = new Trainer(sd.unet(), trainable, loss, cfg, instance, prior, runDir).run(resume, new Trainer.Listener() {
            @Override
            public void onStep(Trainer.StepLog log) {
                progress.onStep(log);
            }

            @Override
            public void onCheckpoint(int step, Path dir) {
                progress.onCheckpoint(step, dir);
            }

            @Override
            public boolean pauseAfter(int step) {
                return progress.pauseAfter(step);
            }

            @Override
            public void afterStep(int step) {
                if (validation != null && validateEvery > 0 && (step % validateEvery == 0 || step == cfg.steps())) {
                    validation.grid(sd, runDir.resolve("samples").resolve(String.format("step-%06d.png", step)));
                }
                progress.afterStep(step);
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path out = runDir.resolve(outputName(cfg.method()));
        trainable.save(out, cfg.toJson());
        return new Outcome(out, trainable, trainable.parameterCount(), seconds, r.finalLoss(), r.steps(), Stats.peakRssMiB(), r.startStep());
    }
}
