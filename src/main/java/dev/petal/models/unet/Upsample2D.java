package dev.petal.models.unet;

import dev.petal.nn.Conv2d;
import dev.petal.nn.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Nearest-neighbour ×2 (or to a given size) followed by a 3×3 convolution. */
public final class Upsample2D extends Module {
    public final Conv2d conv; // [out, in, 3, 3]

    public Upsample2D(int in, int out) {
        this.conv = registerModule("conv", Conv2d.conv3x3(in, out));
    }

    /** x: [B, in, H, W] → [B, out, 2H, 2W], or [B, out, size] when {@code size} (h, w) is given. */
    public Tensor forward(Tensor x, long[] size) {
        long[] target = size != null ? size : new long[]{x.size(2) * 2, x.size(3) * 2};
        return conv.forward(torch.upsample_nearest2d(x, target));
    }
}
