package dev.petal.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/** Group normalisation over [B, C, …] with per-channel affine parameters, as nn.GroupNorm. */
public final class GroupNorm extends Module {
    public final Tensor weight; // [C]
    public final Tensor bias;   // [C]
    public final long groups;
    public final double eps;

    public GroupNorm(long groups, long channels, double eps) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm: " + channels + " channels do not split into " + groups + " groups");
        }
        this.groups = groups;
        this.eps = eps;
        this.weight = registerParameter("weight", Init.ones(channels));
        this.bias = registerParameter("bias", Init.zeros(channels));
    }

    public Tensor forward(Tensor x) {
        return torch.group_norm(x, groups, new TensorOptional(weight), new TensorOptional(bias), eps, true);
    }
}
