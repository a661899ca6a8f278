package dev.petal.eval.inception;

import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** The 3×3 pools of the FID Inception. */
final class Pools {
    private Pools() {
    }

    /** 3×3 max pool, stride 2, no padding (stem, Mixed_6a, Mixed_7a). */
    static Tensor max3x3Stride2(Tensor x) {
        return torch.max_pool2d(x, new long[]{3, 3}, new long[]{2, 2}, new long[]{0, 0}, new long[]{1, 1}, false);
    }

    /** 3×3 max pool, stride 1, padding 1 (Mixed_7c's pool branch in the FID variant). */
    static Tensor max3x3Same(Tensor x) {
        return torch.max_pool2d(x, new long[]{3, 3}, new long[]{1, 1}, new long[]{1, 1}, new long[]{1, 1}, false);
    }

    /** 3×3 average pool, stride 1, padding 1, borders averaged over real pixels only (count_include_pad=False). */
    static Tensor avg3x3Same(Tensor x) {
        return torch.avg_pool2d(x, new long[]{3, 3}, new long[]{1, 1}, new long[]{1, 1}, false, false, new LongOptional());
    }
}
