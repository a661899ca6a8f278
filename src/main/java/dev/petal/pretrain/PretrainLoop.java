package dev.petal.pretrain;

import dev.petal.tensor.Scope;
import dev.petal.tensor.Torch;
import dev.petal.training.AdamWFactory;
import dev.petal.training.Checkpoints;
import dev.petal.training.LossLog;
import dev.petal.training.Trainer;
import dev.petal.training.TrainingDivergedException;
import dev.petal.study.StudyDir;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The optimisation loop of the VAE and CLIP stages (the UNet stage uses {@link Trainer}): AdamW with the
 * stage's LR schedule, gradient clipping, {@code loss.jsonl}, atomic checkpoints ({@link Checkpoints}) and
 * bit-exact resume — before each step torch's generator is seeded from (seed, step) and the objective draws its
 * batch from the step number alone.
 */
public final class PretrainLoop {
    /** A step's loss: the total that is minimised and named parts for the log (e.g. rec, kl). */
    public record Loss(Tensor total, Map<String, Tensor> parts) {
    }

    /** Computes step {@code step}'s loss (1-based), inside a scope, with torch's generator already seeded. */
    @FunctionalInterface
    public interface Objective {
        Loss loss(int step);
    }

    public record StepLog(int step, double loss, Map<String, Double> parts, double lr, double gradNorm, double seconds) {
        String json() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "{\"step\":%d,\"loss\":%.8g", step, loss));
            parts.forEach((k, v) -> b.append(String.format(Locale.ROOT, ",\"%s\":%.8g", k, v)));
            return b.append(String.format(Locale.ROOT, ",\"lr\":%.6g,\"grad_norm\":%.6g,\"time_s\":%.4f}", lr, gradNorm, seconds)).toString();
        }
    }

    public interface Listener {
        default void onStep(StepLog log) {
        }

        default void afterStep(int step) {
        }
    }

    public record Result(int steps, double finalLoss, int startStep, double seconds) {
    }

    private final RunConfig cfg;
    private final Map<String, Tensor> params;
    private final Path runDir;
    private final AdamW optimizer;

    /** {@code params}: every trained tensor under a stable name (what checkpoints store). */
    public PretrainLoop(RunConfig cfg, Map<String, Tensor> params, Path runDir) {
        this.cfg = cfg;
        this.params = new LinkedHashMap<>(params);
        this.runDir = runDir;
        for (var e : params.entrySet()) {
            if (!e.getValue().requires_grad()) throw new IllegalStateException(e.getKey() + " does not require grad");
        }
        Optim o = cfg.optim();
        this.optimizer = AdamWFactory.create(this.params.values(), o.lr(), 0.9, 0.999, 1e-8, o.weightDecay());
    }

    private TensorVector vector() {
        return new TensorVector(params.values().toArray(new Tensor[0]));
    }

    /** Trains to the configured step count; with {@code resume}, from the newest checkpoint in the run folder. */
    public Result run(boolean resume, Objective objective, Listener listener) {
        int start = resume ? restore() : 0;
        StudyDir.writeAtomically(runDir.resolve("pretrain.json"), cfg.toJson());
        Path logFile = runDir.resolve("loss.jsonl");
        LossLog.truncate(logFile, start);
        Optim o = cfg.optim();
        double last = Double.NaN;
        long t0 = System.nanoTime();
        for (int step = start + 1; step <= o.steps(); step++) {
            long ts = System.nanoTime();
            double lr = o.lr() * o.schedule().factor(step - 1);
            optimizer.param_groups().get(0).options().set_lr(lr);
            double value, gradNorm;
            Map<String, Double> parts = new LinkedHashMap<>();
            try (Scope s = Scope.open()) {
                Torch.seed(Trainer.mix(cfg.seed(), step, 0));
                Loss l = objective.loss(step);
                l.total().backward();
                value = l.total().item_double();
                l.parts().forEach((k, v) -> parts.put(k, v.item_double()));
            }
            if (!Double.isFinite(value)) {
                optimizer.zero_grad();
                var kept = Checkpoints.latestStored(runDir);
                throw new TrainingDivergedException("loss became " + value + " at step " + step + "; the run stopped. "
                        + (kept == null ? "No checkpoint was written yet." : "The last good checkpoint is " + kept.dir() + ".")
                        + " Lower --lr.");
            }
            try (Scope s = Scope.open()) {
                gradNorm = torch.clip_grad_norm_(vector(), o.maxGradNorm() > 0 ? o.maxGradNorm() : Double.MAX_VALUE);
                optimizer.step();
                optimizer.zero_grad();
            }
            StepLog entry = new StepLog(step, value, parts, lr, gradNorm, (System.nanoTime() - ts) / 1e9);
            LossLog.append(logFile, entry.json());
            last = value;
            listener.onStep(entry);
            if ((o.checkpointEvery() > 0 && step % o.checkpointEvery() == 0) || step == o.steps()) {
                Checkpoints.save(runDir, step, cfg.toJson(), params, optimizer);
                Checkpoints.prune(runDir, o.keepCheckpoints());
            }
            listener.afterStep(step);
        }
        return new Result(o.steps(), last, start, (System.nanoTime() - t0) / 1e9);
    }

    /** Restores the newest checkpoint (if any) and returns its step. */
    private int restore() {
        Checkpoints.Stored saved = Checkpoints.latestStored(runDir);
        if (saved == null) return 0;
        RunConfig before = RunConfig.fromJson(saved.config());
        if (!cfg.sameRunAs(before)) {
            throw new IllegalArgumentException(saved.dir() + ": checkpoint was written by a run with other settings; "
                    + "resume needs the same configuration (use another --out to start afresh)");
        }
        if (saved.step() > cfg.optim().steps()) {
            throw new IllegalArgumentException(saved.dir() + ": the checkpoint is at step " + saved.step() + ", past --steps " + cfg.optim().steps());
        }
        Checkpoints.restore(saved.dir(), params, optimizer);
        return saved.step();
    }
}
