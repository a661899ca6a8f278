package dev.petal.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

import java.util.function.UnaryOperator;

/**
 * y = x·Wᵀ + b over the last dimension, as nn.Linear.
 *
 * <p>An optional <em>delta</em> (a function of the input) is added to the output: y = x·Wᵀ + b + delta(x). It is
 * how low-rank adapters (LoRA) wrap a frozen layer without replacing it in the tree. Unset (the default), the
 * forward is exactly {@code torch.linear}.
 */
public final class Linear extends Module {
    public final Tensor weight; // [out, in]
    public final Tensor bias;   // [out], or null
    public final long in;
    public final long out;
    private UnaryOperator<Tensor> delta; // null: plain linear

    public Linear(long in, long out, boolean bias) {
        this.in = in;
        this.out = out;
        this.weight = registerParameter("weight", Init.kaimingUniformDefault(Init.empty(out, in), in));
        this.bias = bias ? registerParameter("bias", Init.biasUniform(Init.empty(out), in)) : null;
    }

    public Tensor forward(Tensor x) {
        Tensor y = torch.linear(x, weight, bias == null ? new TensorOptional() : new TensorOptional(bias));
        return delta == null ? y : y.add(delta.apply(x));
    }

    /** Sets the function whose value is added to the output ({@code null} clears it). */
    public void setDelta(UnaryOperator<Tensor> delta) {
        this.delta = delta;
    }

    /** The current delta, or null. */
    public UnaryOperator<Tensor> delta() {
        return delta;
    }
}
