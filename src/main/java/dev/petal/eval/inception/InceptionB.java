package dev.petal.eval.inception;

import dev.petal.nn.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/** torchvision's InceptionB (Mixed_6a): grid reduction 35 → 17 with stride-2 convolutions and a max pool. */
public final class InceptionB extends Module implements InceptionBlock {
    private final BasicConv2d b3x3, b3dbl_1, b3dbl_2, b3dbl_3;

    public InceptionB(long in) {
        b3x3 = registerModule("branch3x3", new BasicConv2d(in, 384, 3, 3, 2, 0, 0));
        b3dbl_1 = registerModule("branch3x3dbl_1", BasicConv2d.pointwise(in, 64));
        b3dbl_2 = registerModule("branch3x3dbl_2", BasicConv2d.square(64, 96, 3, 1));
        b3dbl_3 = registerModule("branch3x3dbl_3", new BasicConv2d(96, 96, 3, 3, 2, 0, 0));
    }

    public Tensor forward(Tensor x) {
        return torch.cat(new TensorVector(b3x3.forward(x), b3dbl_3.forward(b3dbl_2.forward(b3dbl_1.forward(x))),
                Pools.max3x3Stride2(x)), 1);
    }
}
