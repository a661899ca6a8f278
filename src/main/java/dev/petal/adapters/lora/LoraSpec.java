package dev.petal.adapters.lora;

import java.util.List;

/**
 * What to train: rank r, alpha (the update is scaled by alpha / r, as peft's {@code LoraConfig}) and the target
 * layers. A target matches a module path equal to it or ending in {@code "." + target} (peft's rule for a list),
 * so the default {@code to_q, to_k, to_v, to_out.0} selects the four projections of every UNet attention.
 */
public record LoraSpec(int rank, double alpha, List<String> targets) {
    public static final List<String> DEFAULT_TARGETS = List.of("to_q", "to_k", "to_v", "to_out.0");

    public LoraSpec {
        if (rank <= 0) throw new IllegalArgumentException("LoRA rank must be positive, got " + rank);
        if (!(alpha > 0) || Double.isInfinite(alpha)) throw new IllegalArgumentException("LoRA alpha must be a positive number, got " + alpha);
        targets = targets == null || targets.isEmpty() ? DEFAULT_TARGETS : List.copyOf(targets);
    }

    /** Rank and alpha on the default targets. */
    public static LoraSpec of(int rank, double alpha) {
        return new LoraSpec(rank, alpha, null);
    }

    public boolean matches(String modulePath) {
        for (String t : targets) if (modulePath.equals(t) || modulePath.endsWith("." + t)) return true;
        return false;
    }

    public double scaling() {
        return LoraMath.scaling(alpha, rank);
    }

    /** "LoRA r=4 alpha=4 on [to_q, to_k, to_v, to_out.0]". */
    public String describe() {
        return "LoRA r=" + rank + " alpha=" + PyJson.repr(alpha).replaceAll("\\.0$", "") + " on " + targets;
    }
}
