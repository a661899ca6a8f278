package dev.petal.eval.inception;

import dev.petal.nn.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/** torchvision's InceptionD (Mixed_7a): grid reduction 17 → 8. */
public final class InceptionD extends Module implements InceptionBlock {
    private final BasicConv2d b3_1, b3_2, b7x3_1, b7x3_2, b7x3_3, b7x3_4;

    public InceptionD(long in) {
        b3_1 = registerModule("branch3x3_1", BasicConv2d.pointwise(in, 192));
        b3_2 = registerModule("branch3x3_2", new BasicConv2d(192, 320, 3, 3, 2, 0, 0));
        b7x3_1 = registerModule("branch7x7x3_1", BasicConv2d.pointwise(in, 192));
        b7x3_2 = registerModule("branch7x7x3_2", new BasicConv2d(192, 192, 1, 7, 1, 0, 3));
        b7x3_3 = registerModule("branch7x7x3_3", new BasicConv2d(192, 192, 7, 1, 1, 3, 0));
        b7x3_4 = registerModule("branch7x7x3_4", new BasicConv2d(192, 192, 3, 3, 2, 0, 0));
    }

    public Tensor forward(Tensor x) {
        return torch.cat(new TensorVector(b3_2.forward(b3_1.forward(x)),
                b7x3_4.forward(b7x3_3.forward(b7x3_2.forward(b7x3_1.forward(x)))), Pools.max3x3Stride2(x)), 1);
    }
}
