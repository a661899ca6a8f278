package dev.petal.pretrain;

import dev.petal.training.LrSchedule;

/**
 * The optimisation settings of one pretraining stage: AdamW (β 0.9/0.999, eps 1e-8) with a warm-up and an LR
 * schedule, gradient clipping, and checkpoints every {@code checkpointEvery} steps (the newest
 * {@code keepCheckpoints} kept).
 */
public record Optim(int steps, int batchSize, double lr, String lrSchedule, int warmupSteps, double weightDecay,
                    double maxGradNorm, int checkpointEvery, int keepCheckpoints) {
    public Optim {
        if (steps < 1) throw new IllegalArgumentException("--steps must be ≥ 1, got " + steps);
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be ≥ 1, got " + batchSize);
        if (!(lr > 0) || !Double.isFinite(lr)) throw new IllegalArgumentException("--lr must be positive, got " + lr);
        if (weightDecay < 0 || maxGradNorm < 0) throw new IllegalArgumentException("weight decay and gradient clipping must be ≥ 0");
        if (checkpointEvery < 0 || keepCheckpoints < 1) throw new IllegalArgumentException("--checkpoint-every must be ≥ 0 and keep ≥ 1");
        new LrSchedule(lrSchedule, warmupSteps, steps); // validates
    }

    public LrSchedule schedule() {
        return new LrSchedule(lrSchedule, warmupSteps, steps);
    }

    /** Command-line overrides: null keeps the preset's value. The warm-up stays at most a tenth of the steps. */
    public Optim with(Integer newSteps, Double newLr, Integer newBatch, Integer newCheckpointEvery) {
        int s = newSteps != null ? newSteps : steps;
        return new Optim(s, newBatch != null ? newBatch : batchSize, newLr != null ? newLr : lr, lrSchedule,
                Math.min(warmupSteps, s / 10), weightDecay, maxGradNorm,
                newCheckpointEvery != null ? newCheckpointEvery : checkpointEvery, keepCheckpoints);
    }

    /** The same run but for the step count and checkpoint cadence (what a resumed run may change). */
    boolean sameRunAs(Optim o) {
        return batchSize == o.batchSize && lr == o.lr && lrSchedule.equals(o.lrSchedule) && warmupSteps == o.warmupSteps
                && weightDecay == o.weightDecay && maxGradNorm == o.maxGradNorm;
    }
}
