package dev.petal.adapters.lora;

import dev.petal.nn.Init;
import dev.petal.nn.Linear;
import dev.petal.nn.Module;
import dev.petal.tensor.NoGrad;
import org.bytedeco.pytorch.Tensor;

/**
 * A LoRA on one frozen {@link Linear}: y = W x + b + s · (alpha / r) · B(A x), as peft's {@code LoraLayer}.
 * It joins the tree as the child {@value #CHILD} of the wrapped layer, with peft's local names {@code lora_A}
 * (A [r, in]) and {@code lora_B} (B [out, r]); its term reaches the layer's output through
 * {@link Linear#setDelta}. s is the per-call scale (diffusers' {@code cross_attention_kwargs={"scale": s}}).
 *
 * <p>Starts as peft's default init, in peft's generator order (both layers' default init, then A re-drawn
 * kaiming-uniform with a = √5 and B zeroed), so a fresh LoRA computes exactly the base layer.
 */
public final class LoraLinear extends Module {
    public static final String CHILD = "lora";
    public final Linear down; // lora_A: [r, in]
    public final Linear up;   // lora_B: [out, r]
    public final int rank;
    public final double alpha;
    private final Linear base;
    private double scale = 1.0;
    private boolean enabled = true;
    private double mergedScaling = Double.NaN; // the scaling folded into base.weight; NaN when not merged

    private LoraLinear(Linear base, int rank, double alpha) {
        if (rank <= 0) throw new IllegalArgumentException("LoRA rank must be positive, got " + rank);
        if (!(alpha > 0) || Double.isInfinite(alpha)) throw new IllegalArgumentException("LoRA alpha must be a positive number, got " + alpha);
        this.base = base;
        this.rank = rank;
        this.alpha = alpha;
        this.down = registerModule("lora_A", new Linear(base.in, rank, false));
        this.up = registerModule("lora_B", new Linear(rank, base.out, false));
        try (NoGrad g = NoGrad.open()) {
            Init.kaimingUniformDefault(down.weight, base.in);
            up.weight.zero_();
        }
    }

    /** Wraps {@code base} (on its device) with a fresh LoRA; refuses a layer that already has a delta. */
    public static LoraLinear wrap(Linear base, int rank, double alpha) {
        if (base.delta() != null) throw new IllegalStateException("the layer already carries a LoRA (or another delta)");
        if (!dev.petal.tensor.Tensors.isFloat32(base.weight)) {
            throw new IllegalArgumentException("LoRA needs an fp32 base layer, got " + base.weight.scalar_type());
        }
        LoraLinear lora = Init.onDevice(base.weight.device(), () -> new LoraLinear(base, rank, alpha));
        base.attach(CHILD, lora);
        lora.hook();
        return lora;
    }

    /** Removes the LoRA (unmerging first): the layer computes exactly as before {@link #wrap}. */
    public void unwrap() {
        unmerge();
        base.setDelta(null);
        base.detach(CHILD);
    }

    public Linear base() {
        return base;
    }

    /** s · alpha / r: the factor currently applied to B·A. */
    public double scaling() {
        return scale * LoraMath.scaling(alpha, rank);
    }

    /** The term added to the base output. */
    public Tensor delta(Tensor x) {
        return LoraMath.bypass(x, down.weight, up.weight, scaling());
    }

    /** ΔW = s · alpha / r · B @ A, [out, in]. */
    public Tensor deltaWeight() {
        return LoraMath.deltaWeight(down.weight, up.weight, scaling());
    }

    public double scale() {
        return scale;
    }

    /** Sets s; a merged LoRA is re-merged at the new scale. */
    public void setScale(double s) {
        if (!Double.isFinite(s)) throw new IllegalArgumentException("LoRA scale must be finite, got " + s);
        boolean merged = isMerged();
        unmerge();
        scale = s;
        if (merged) merge();
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** Disabling a merged LoRA unmerges it first (as peft). */
    public void setEnabled(boolean on) {
        if (!on) unmerge();
        enabled = on;
        hook();
    }

    public boolean isMerged() {
        return !Double.isNaN(mergedScaling);
    }

    /** Folds ΔW into the base weight (and enables the LoRA); the forward then costs what the base costs. */
    public void merge() {
        if (isMerged()) return;
        try (NoGrad g = NoGrad.open()) {
            base.weight.add_(deltaWeight());
        }
        mergedScaling = scaling();
        enabled = true;
        hook();
    }

    /** Subtracts the merged ΔW again (restoring the base weight up to fp32 rounding, as peft). */
    public void unmerge() {
        if (!isMerged()) return;
        try (NoGrad g = NoGrad.open()) {
            base.weight.sub_(LoraMath.deltaWeight(down.weight, up.weight, mergedScaling));
        }
        mergedScaling = Double.NaN;
        hook();
    }

    private void hook() {
        base.setDelta(enabled && !isMerged() ? this::delta : null);
    }
}
