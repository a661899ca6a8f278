package dev.petal.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/** y = x·Wᵀ + b over the last dimension, as nn.Linear. */
public final class Linear extends Module {
    public final Tensor weight; // [out, in]
    public final Tensor bias;   // [out], or null
    public final long in;
    public final long out;

    public Linear(long in, long out, boolean bias) {
        this.in = in;
        this.out = out;
        this.weight = registerParameter("weight", Init.kaimingUniformDefault(Init.empty(out, in), in));
        this.bias = bias ? registerParameter("bias", Init.biasUniform(Init.empty(out), in)) : null;
    }

    public Tensor forward(Tensor x) {
        return torch.linear(x, weight, bias == null ? new TensorOptional() : new TensorOptional(bias));
    }
}
