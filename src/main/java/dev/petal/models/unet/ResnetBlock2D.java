package dev.petal.models.unet;

import dev.petal.nn.Conv2d;
import dev.petal.nn.GroupNorm;
import dev.petal.nn.Linear;
import dev.petal.nn.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * diffusers' ResnetBlock2D (time_scale_shift "default"): norm1 → SiLU → conv1 → + proj(SiLU(temb)) → norm2 →
 * SiLU → conv2, plus the (1×1-projected when channels change) input, divided by the output scale factor.
 */
public final class ResnetBlock2D extends Module {
    public final GroupNorm norm1;
    public final Conv2d conv1;        // [out, in, 3, 3]
    public final Linear timeEmbProj;  // [out, temb]
    public final GroupNorm norm2;
    public final Conv2d conv2;        // [out, out, 3, 3]
    public final Conv2d convShortcut; // [out, in, 1, 1] when in != out, else null
    public final int inChannels;
    public final int outChannels;
    private final double outputScale;
    private Taps taps = Taps.NONE;

    public ResnetBlock2D(int in, int out, int tembChannels, int groups, double eps, double outputScale) {
        this.inChannels = in;
        this.outChannels = out;
        this.outputScale = outputScale;
        this.norm1 = registerModule("norm1", new GroupNorm(groups, in, eps));
        this.conv1 = registerModule("conv1", Conv2d.conv3x3(in, out));
        this.timeEmbProj = tembChannels > 0 ? registerModule("time_emb_proj", new Linear(tembChannels, out, true)) : null;
        this.norm2 = registerModule("norm2", new GroupNorm(groups, out, eps));
        this.conv2 = registerModule("conv2", Conv2d.conv3x3(out, out));
        this.convShortcut = in != out ? registerModule("conv_shortcut", new Conv2d(in, out, 1, 1, 0, true)) : null;
    }

    public void setTaps(Taps taps) {
        this.taps = taps == null ? Taps.NONE : taps;
    }

    public Taps taps() {
        return taps;
    }

    /** x: [B, in, H, W]; temb: [B, temb] or null → [B, out, H, W]. */
    public Tensor forward(Tensor x, Tensor temb) {
        x = taps.at(TapPoint.RES_IN, x);
        Tensor h = conv1.forward(torch.silu(norm1.forward(x)));
        if (temb != null && timeEmbProj != null) {
            h = h.add(timeEmbProj.forward(torch.silu(temb)).unsqueeze(2).unsqueeze(3));
        }
        h = conv2.forward(torch.silu(norm2.forward(h)));
        Tensor skip = convShortcut == null ? x : convShortcut.forward(x);
        Tensor out = skip.add(h);
        if (outputScale != 1.0) out = out.div(new Scalar(outputScale));
        return taps.at(TapPoint.RES_OUT, out);
    }
}
