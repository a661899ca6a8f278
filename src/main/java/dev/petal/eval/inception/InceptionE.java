package dev.petal.eval.inception;

import dev.petal.nn.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * pytorch-fid's FIDInceptionE_1 (Mixed_7b: average-pool branch) and FIDInceptionE_2 (Mixed_7c: a 3×3 max pool
 * branch, a bug of the TF graph that FID keeps): split 1×3 / 3×1 branches.
 */
public final class InceptionE extends Module implements InceptionBlock {
    private final BasicConv2d b1x1, b3_1, b3_2a, b3_2b, b3dbl_1, b3dbl_2, b3dbl_3a, b3dbl_3b, pool;
    private final boolean maxPool;

    public InceptionE(long in, boolean maxPool) {
        this.maxPool = maxPool;
        b1x1 = registerModule("branch1x1", BasicConv2d.pointwise(in, 320));
        b3_1 = registerModule("branch3x3_1", BasicConv2d.pointwise(in, 384));
        b3_2a = registerModule("branch3x3_2a", new BasicConv2d(384, 384, 1, 3, 1, 0, 1));
        b3_2b = registerModule("branch3x3_2b", new BasicConv2d(384, 384, 3, 1, 1, 1, 0));
        b3dbl_1 = registerModule("branch3x3dbl_1", BasicConv2d.pointwise(in, 448));
        b3dbl_2 = registerModule("branch3x3dbl_2", BasicConv2d.square(448, 384, 3, 1));
        b3dbl_3a = registerModule("branch3x3dbl_3a", new BasicConv2d(384, 384, 1, 3, 1, 0, 1));
        b3dbl_3b = registerModule("branch3x3dbl_3b", new BasicConv2d(384, 384, 3, 1, 1, 1, 0));
        pool = registerModule("branch_pool", BasicConv2d.pointwise(in, 192));
    }

    public Tensor forward(Tensor x) {
        Tensor b3 = b3_1.forward(x);
        b3 = torch.cat(new TensorVector(b3_2a.forward(b3), b3_2b.forward(b3)), 1);
        Tensor d = b3dbl_2.forward(b3dbl_1.forward(x));
        d = torch.cat(new TensorVector(b3dbl_3a.forward(d), b3dbl_3b.forward(d)), 1);
        Tensor p = pool.forward(maxPool ? Pools.max3x3Same(x) : Pools.avg3x3Same(x));
        return torch.cat(new TensorVector(b1x1.forward(x), b3, d, p), 1);
    }
}
