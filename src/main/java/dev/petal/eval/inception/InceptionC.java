package dev.petal.eval.inception;

import dev.petal.nn.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/** pytorch-fid's FIDInceptionC (Mixed_6b–6e): factorised 7×7 branches (1×7, 7×1) and an average-pool branch. */
public final class InceptionC extends Module implements InceptionBlock {
    private final BasicConv2d b1x1, b7_1, b7_2, b7_3, b7dbl_1, b7dbl_2, b7dbl_3, b7dbl_4, b7dbl_5, pool;

    public InceptionC(long in, long c7) {
        b1x1 = registerModule("branch1x1", BasicConv2d.pointwise(in, 192));
        b7_1 = registerModule("branch7x7_1", BasicConv2d.pointwise(in, c7));
        b7_2 = registerModule("branch7x7_2", row(c7, c7));
        b7_3 = registerModule("branch7x7_3", column(c7, 192));
        b7dbl_1 = registerModule("branch7x7dbl_1", BasicConv2d.pointwise(in, c7));
        b7dbl_2 = registerModule("branch7x7dbl_2", column(c7, c7));
        b7dbl_3 = registerModule("branch7x7dbl_3", row(c7, c7));
        b7dbl_4 = registerModule("branch7x7dbl_4", column(c7, c7));
        b7dbl_5 = registerModule("branch7x7dbl_5", row(c7, 192));
        pool = registerModule("branch_pool", BasicConv2d.pointwise(in, 192));
    }

    private static BasicConv2d row(long in, long out) {
        return new BasicConv2d(in, out, 1, 7, 1, 0, 3);
    }

    private static BasicConv2d column(long in, long out) {
        return new BasicConv2d(in, out, 7, 1, 1, 3, 0);
    }

    public Tensor forward(Tensor x) {
        Tensor b7 = b7_3.forward(b7_2.forward(b7_1.forward(x)));
        Tensor b7dbl = b7dbl_5.forward(b7dbl_4.forward(b7dbl_3.forward(b7dbl_2.forward(b7dbl_1.forward(x)))));
        return torch.cat(new TensorVector(b1x1.forward(x), b7, b7dbl, pool.forward(Pools.avg3x3Same(x))), 1);
    }
}
