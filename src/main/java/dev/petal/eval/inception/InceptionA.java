package dev.petal.eval.inception;

import dev.petal.nn.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/** pytorch-fid's FIDInceptionA (Mixed_5b–5d): 1×1, 5×5, double 3×3 and average-pool branches. */
public final class InceptionA extends Module implements InceptionBlock {
    private final BasicConv2d b1x1, b5x5_1, b5x5_2, b3dbl_1, b3dbl_2, b3dbl_3, pool;

    public InceptionA(long in, long poolFeatures) {
        b1x1 = registerModule("branch1x1", BasicConv2d.pointwise(in, 64));
        b5x5_1 = registerModule("branch5x5_1", BasicConv2d.pointwise(in, 48));
        b5x5_2 = registerModule("branch5x5_2", BasicConv2d.square(48, 64, 5, 2));
        b3dbl_1 = registerModule("branch3x3dbl_1", BasicConv2d.pointwise(in, 64));
        b3dbl_2 = registerModule("branch3x3dbl_2", BasicConv2d.square(64, 96, 3, 1));
        b3dbl_3 = registerModule("branch3x3dbl_3", BasicConv2d.square(96, 96, 3, 1));
        pool = registerModule("branch_pool", BasicConv2d.pointwise(in, poolFeatures));
    }

    public Tensor forward(Tensor x) {
        return torch.cat(new TensorVector(b1x1.forward(x), b5x5_2.forward(b5x5_1.forward(x)),
                b3dbl_3.forward(b3dbl_2.forward(b3dbl_1.forward(x))), pool.forward(Pools.avg3x3Same(x))), 1);
    }
}
