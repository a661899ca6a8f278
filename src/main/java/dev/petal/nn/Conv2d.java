package dev.petal.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/** 2-D convolution with square kernel, stride and symmetric zero padding, as nn.Conv2d (groups 1). */
public final class Conv2d extends Module {
    public final Tensor weight; // [out, in, k, k]
    public final Tensor bias;   // [out], or null
    public final long in;
    public final long out;
    public final long kernel;
    public final long stride;
    public final long padding;

    public Conv2d(long in, long out, long kernel, long stride, long padding, boolean bias) {
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        long fanIn = in * kernel * kernel;
        this.weight = registerParameter("weight", Init.kaimingUniformDefault(Init.empty(out, in, kernel, kernel), fanIn));
        this.bias = bias ? registerParameter("bias", Init.biasUniform(Init.empty(out), fanIn)) : null;
    }

    /** A 3×3 convolution with padding 1 and bias: the most common one in SD. */
    public static Conv2d conv3x3(long in, long out) {
        return new Conv2d(in, out, 3, 1, 1, true);
    }

    public Tensor forward(Tensor x) {
        return torch.conv2d(x, weight, bias == null ? new TensorOptional() : new TensorOptional(bias),
                new long[]{stride, stride}, new long[]{padding, padding}, new long[]{1, 1}, 1);
    }
}
