package dev.petal.adapters.lora;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The LoRA computation as plain functions of tensors (the functional core, as in LyCORIS): the module and the
 * merge use only these. A (down) is [r, in], B (up) is [out, r]; the factor of B·A is {@code scaling}.
 */
public final class LoraMath {
    private LoraMath() {
    }

    /** alpha / r: peft's {@code scaling}, kohya's {@code alpha / lora_down.shape[0]}. */
    public static double scaling(double alpha, long rank) {
        return alpha / rank;
    }

    /** scaling · B(A x): what a LoRA adds to the frozen layer's output; x [..., in] → [..., out]. */
    public static Tensor bypass(Tensor x, Tensor down, Tensor up, double scaling) {
        Tensor h = torch.linear(torch.linear(x, down), up);
        return scaling == 1.0 ? h : h.mul(new Scalar(scaling));
    }

    /** ΔW = scaling · B @ A, [out, in]: the weight change that {@link #bypass} applies (peft's get_delta_weight). */
    public static Tensor deltaWeight(Tensor down, Tensor up, double scaling) {
        Tensor d = up.matmul(down);
        return scaling == 1.0 ? d : d.mul(new Scalar(scaling));
    }
}
