package dev.petal.training;

import dev.petal.models.unet.GradientCheckpointing;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.tensor.Autocast;
import dev.petal.tensor.Scope;
import dev.petal.tensor.Torch;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training loop, end to end: for each optimizer step, {@code gradAccumulation} micro-batches of instance
 * examples (plus as many prior examples, weighted by λ, when a prior set is given), AdamW with the LR schedule,
 * gradient clipping, a JSONL loss log, checkpoints, and a NaN stop.
 *
 * <p>Determinism: before each micro-batch torch's generator is seeded from (seed, step, micro-batch) and the
 * example order comes from per-epoch permutations of the seed, so a resumed run draws exactly what the
 * uninterrupted run would have drawn, and on CPU ends with bit-identical weights.
 */
public final class Trainer {
    /** One optimizer step's figures, as written to {@code loss.jsonl}. */
    public record StepLog(int step, double loss, double lr, double gradNorm, double seconds) {
        String json() {
            return String.format(java.util.Locale.ROOT, "{\"step\":%d,\"loss\":%.8g,\"lr\":%.6g,\"grad_norm\":%.6g,\"time_s\":%.4f}",
                    step, loss, lr, gradNorm, seconds);
        }
    }

    /** Told about progress; all methods optional. */
    public interface Listener {
        default void onStep(StepLog log) {
        }

        default void onCheckpoint(int step, Path dir) {
        }

        /** After the step's optimizer update: e.g. validation images every N steps. */
        default void afterStep(int step) {
        }

        /**
         * Whether the run pauses after {@code step} (before its last step): it then writes a checkpoint and returns,
         * and {@code --resume} continues it later on the same LR schedule.
         */
        default boolean pauseAfter(int step) {
            return false;
        }
    }

    public record Result(int steps, double finalLoss, List<StepLog> log, boolean resumed, int startStep) {
    }

    private final UNet2DConditionModel unet;
    private final Trainable trainable;
    private final DiffusionLoss loss;
    private final TrainConfig cfg;
    private final LatentDataset instance;
    private final LatentDataset prior;
    private final Path runDir;
    private final List<Tensor> params;
    private final AdamW optimizer;

    public Trainer(UNet2DConditionModel unet, Trainable trainable, DiffusionLoss loss, TrainConfig cfg,
                   LatentDataset instance, LatentDataset prior, Path runDir) {
        this.unet = unet;
        this.trainable = trainable;
        this.loss = loss;
        this.cfg = cfg;
        this.instance = instance;
        this.prior = prior;
        this.runDir = runDir;
        this.params = new ArrayList<>(trainable.stateDict().values());
        for (Tensor p : params) {
            if (!p.requires_grad()) throw new IllegalStateException("trainable tensor does not require grad");
        }
        this.optimizer = AdamWFactory.create(params, cfg.lr(), cfg.beta1(), cfg.beta2(), cfg.adamEps(), cfg.weightDecay());
    }

    /** Trains to {@code cfg.steps()}; with {@code resume}, continues from the newest checkpoint in the run folder. */
    public Result run(boolean resume, Listener listener) {
        int start = 0;
        if (resume) {
            Checkpoints.Saved saved = Checkpoints.latest(runDir);
            if (saved != null) {
                if (!sameRun(saved.config())) {
                    throw new IllegalArgumentException(saved.dir() + ": checkpoint was written by a run with other settings; "
                            + "resume needs the same configuration (use another --out to start afresh)");
                }
                Checkpoints.restore(saved, trainable, optimizer);
                start = saved.step();
            }
        }
        Path logFile = runDir.resolve("loss.jsonl");
        List<StepLog> log = new ArrayList<>();
        LossLog.truncate(logFile, start);
        unet.train(true);
        double last = Double.NaN;
        int reached = Math.min(start, cfg.steps()); // the last step done; the loop moves it on
        for (int step = start + 1; step <= cfg.steps(); step++) {
            long t0 = System.nanoTime();
            double lr = cfg.lr() * cfg.schedule().factor(step - 1);
            optimizer.param_groups().get(0).options().set_lr(lr);
            double total = 0;
            for (int micro = 0; micro < cfg.gradAccumulation(); micro++) {
                try (Scope s = Scope.open()) {
                    Torch.seed(mix(cfg.seed(), step, micro));
                    total += microBatch(step, micro);
                }
            }
            double value = total / cfg.gradAccumulation();
            if (!Double.isFinite(value)) {
                optimizer.zero_grad();
                throw new TrainingDivergedException("loss became " + value + " at step " + step + "; the run stopped. "
                        + (Checkpoints.latest(runDir) == null ? "No checkpoint was written yet."
                        : "The last good checkpoint is " + Checkpoints.latest(runDir).dir() + ".")
                        + " Lower --lr or enable --max-grad-norm.");
            }
            double gradNorm;
            try (Scope s = Scope.open()) {
                TensorVector pv = new TensorVector(params.toArray(new Tensor[0]));
                gradNorm = torch.clip_grad_norm_(pv, cfg.maxGradNorm() > 0 ? cfg.maxGradNorm() : Double.MAX_VALUE);
                optimizer.step();
                optimizer.zero_grad();
            }
            StepLog entry = new StepLog(step, value, lr, gradNorm, (System.nanoTime() - t0) / 1e9);
            log.add(entry);
            LossLog.append(logFile, entry.json());
            last = value;
            listener.onStep(entry);
            boolean pause = step < cfg.steps() && listener.pauseAfter(step);
            boolean checkpoint = (cfg.checkpointEvery() > 0 && step % cfg.checkpointEvery() == 0) || step == cfg.steps() || pause;
            if (checkpoint) {
                Checkpoints.save(runDir, step, cfg, trainable, optimizer);
                Checkpoints.prune(runDir, cfg.keepCheckpoints());
                listener.onCheckpoint(step, Checkpoints.root(runDir));
            }
            listener.afterStep(step);
            reached = step;
            if (pause) break;
        }
        unet.train(false);
        return new Result(reached, last, log, start > 0, start);
    }

    private boolean sameRun(TrainConfig saved) {
        return saved.withSteps(cfg.steps(), cfg.checkpointEvery(), cfg.keepCheckpoints()).equals(cfg);
    }

    /**
     * Forward and backward of one micro-batch (instance examples, plus λ · the loss on as many prior examples),
     * with gradient checkpointing when configured; returns the micro-batch's loss.
     */
    private double microBatch(int step, int micro) {
        int b = cfg.batchSize();
        long first = ((long) (step - 1) * cfg.gradAccumulation() + micro) * b;
        Picked inst = pick(instance, first, b, 0);
        Tensor latents = instance.latents(inst.index, inst.flip, instance.standardNormal(b));
        Tensor context = instance.conditioning(inst.index);
        if (prior != null) {
            Picked pr = pick(prior, first, b, 1);
            latents = torch.cat(new TensorVector(latents, prior.latents(pr.index, pr.flip, prior.standardNormal(b))), 0);
            context = torch.cat(new TensorVector(context, prior.conditioning(pr.index)), 0);
        }
        DiffusionLoss.Noised n = loss.noise(latents);
        java.util.function.Function<Tensor, Tensor> objective = output -> {
            Tensor perSample = loss.perSample(output.to(org.bytedeco.pytorch.global.torch.ScalarType.Float), n);
            if (prior == null) return perSample.mean();
            var halves = perSample.chunk(2, 0);
            return halves.get(0).mean().add(halves.get(1).mean().mul(new Scalar(cfg.priorLossWeight())));
        };
        double scale = 1.0 / cfg.gradAccumulation();
        try (Autocast a = Autocast.open(latents.device(), cfg.mixedPrecision())) {
            if (cfg.gradientCheckpointing()) {
                return GradientCheckpointing.lossAndBackward(unet, n.input(), n.timesteps(), context,
                        out -> objective.apply(out).mul(new Scalar(scale))).item_double() / scale;
            }
            Tensor l = objective.apply(unet.forward(n.input(), n.timesteps(), context));
            l.mul(new Scalar(scale)).backward();
            return l.item_double();
        }
    }

    private record Picked(long[] index, boolean[] flip) {
    }

    /** Examples first..first+n−1 of the data set's epoch stream (instance stream 0, prior stream 1). */
    private Picked pick(LatentDataset ds, long first, int n, int stream) {
        int[] order = EpochStream.draw(ds.size(), cfg.seed(), 1000 + stream, first, n);
        long[] idx = new long[n];
        boolean[] flip = new boolean[n];
        for (int k = 0; k < n; k++) {
            idx[k] = order[k];
            flip[k] = cfg.flip() && ds.hasFlips() && EpochStream.flip(cfg.seed(), 2000 + stream, first + k);
        }
        return new Picked(idx, flip);
    }

    /** A well-mixed 63-bit seed from (seed, a, b). */
    public static long mix(long seed, int a, int b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }
}
