package dev.petal.models.unet;

import dev.petal.nn.Conv2d;
import dev.petal.nn.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Stride-2 3×3 convolution; with padding 0 the input is first padded asymmetrically (right/bottom by 1). */
public final class Downsample2D extends Module {
    public final Conv2d conv; // [out, in, 3, 3], stride 2
    private final int padding;

    public Downsample2D(int in, int out, int padding) {
        this.padding = padding;
        this.conv = registerModule("conv", new Conv2d(in, out, 3, 2, padding, true));
    }

    /** x: [B, in, H, W] → [B, out, ⌈H/2⌉, ⌈W/2⌉]. */
    public Tensor forward(Tensor x) {
        if (padding == 0) x = torch.constant_pad_nd(x, new long[]{0, 1, 0, 1}, new org.bytedeco.pytorch.Scalar(0.0));
        return conv.forward(x);
    }
}
