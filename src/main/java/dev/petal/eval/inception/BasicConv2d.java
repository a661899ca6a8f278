package dev.petal.eval.inception;

import dev.petal.nn.Init;
import dev.petal.nn.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * torchvision Inception's BasicConv2d: {@code conv} (no bias; rectangular kernels such as 1×7) → {@code bn}
 * (eps 1e-3) → ReLU.
 */
public final class BasicConv2d extends Module implements InceptionBlock {
    /** The convolution: only a weight [out, in, kh, kw]. */
    public static final class Conv extends Module {
        public final Tensor weight;
        private final long[] stride, padding;

        Conv(long in, long out, int kh, int kw, int stride, int ph, int pw) {
            this.weight = registerParameter("weight", Init.zeros(out, in, kh, kw));
            this.stride = new long[]{stride, stride};
            this.padding = new long[]{ph, pw};
        }

        public Tensor forward(Tensor x) {
            return torch.conv2d(x, weight, new TensorOptional(), stride, padding, new long[]{1, 1}, 1);
        }
    }

    public final Conv conv;
    public final BatchNorm2d bn;

    public BasicConv2d(long in, long out, int kh, int kw, int stride, int ph, int pw) {
        this.conv = registerModule("conv", new Conv(in, out, kh, kw, stride, ph, pw));
        this.bn = registerModule("bn", new BatchNorm2d(out, 1e-3));
    }

    /** A square kernel k with stride 1 and padding p. */
    public static BasicConv2d square(long in, long out, int k, int p) {
        return new BasicConv2d(in, out, k, k, 1, p, p);
    }

    /** A 1×1 convolution. */
    public static BasicConv2d pointwise(long in, long out) {
        return new BasicConv2d(in, out, 1, 1, 1, 0, 0);
    }

    public Tensor forward(Tensor x) {
        return torch.relu(bn.forward(conv.forward(x)));
    }
}
