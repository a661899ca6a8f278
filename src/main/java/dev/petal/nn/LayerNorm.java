package dev.petal.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/** Layer normalisation over the last dimension with affine parameters, as nn.LayerNorm. */
public final class LayerNorm extends Module {
    public final Tensor weight; // [D]
    public final Tensor bias;   // [D]
    public final long dim;
    public final double eps;

    public LayerNorm(long dim, double eps) {
        this.dim = dim;
        this.eps = eps;
        this.weight = registerParameter("weight", Init.ones(dim));
        this.bias = registerParameter("bias", Init.zeros(dim));
    }

    public Tensor forward(Tensor x) {
        return torch.layer_norm(x, new long[]{dim}, new TensorOptional(weight), new TensorOptional(bias), eps, true);
    }
}
