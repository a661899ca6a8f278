package dev.petal.training;

import java.util.Locale;

/**
 * Learning-rate multiplier per optimizer step: linear warm-up over {@code warmupSteps}, then constant, cosine
 * decay to zero, or linear decay to zero at {@code totalSteps} (diffusers' get_scheduler semantics).
 */
public record LrSchedule(String kind, int warmupSteps, int totalSteps) {
    public LrSchedule {
        kind = kind == null ? "constant" : kind.toLowerCase(Locale.ROOT);
        if (!kind.equals("constant") && !kind.equals("cosine") && !kind.equals("linear")) {
            throw new IllegalArgumentException("unknown --lr-schedule '" + kind + "' (valid: constant, cosine, linear)");
        }
        if (warmupSteps < 0 || totalSteps < 1) throw new IllegalArgumentException("warm-up must be ≥ 0 and total steps ≥ 1");
    }

    /** The multiplier for the optimizer step with 0-based index {@code step}. */
    public double factor(int step) {
        if (step < warmupSteps) return (double) step / Math.max(1, warmupSteps);
        double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
        return switch (kind) {
            case "cosine" -> Math.max(0, 0.5 * (1 + Math.cos(Math.PI * progress)));
            case "linear" -> Math.max(0, 1 - progress);
            default -> 1.0;
        };
    }
}
