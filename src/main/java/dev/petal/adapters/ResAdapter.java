package dev.petal.adapters;

import dev.petal.nn.Conv2d;
import dev.petal.nn.GroupNorm;
import dev.petal.nn.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** The paper's ResBlock adapter: s · conv3×3(act(conv3×3(SiLU(GroupNorm(x))))), C_in → r → C_out, size kept. */
public final class ResAdapter extends Module {
    public final GroupNorm norm;
    public final Conv2d conv1; // [r, C_in, 3, 3]
    public final Conv2d conv2; // [C_out, r, 3, 3]
    private final Activation activation;
    private double scale;

    public ResAdapter(int in, int out, int rank, int groups, Activation activation, double scale, boolean zeroUp) {
        this.norm = registerModule("norm", new GroupNorm(groups, in, 1e-5));
        this.conv1 = registerModule("conv1", Conv2d.conv3x3(in, rank));
        this.conv2 = registerModule("conv2", Conv2d.conv3x3(rank, out));
        this.activation = activation;
        this.scale = scale;
        if (zeroUp) Adapters.zero(conv2);
    }

    /** x: [B, C_in, H, W] → [B, C_out, H, W]. */
    public Tensor forward(Tensor x) {
        Tensor a = conv2.forward(activation.apply(conv1.forward(torch.silu(norm.forward(x)))));
        return scale == 1.0 ? a : a.mul(new Scalar(scale));
    }

    public void setScale(double s) {
        this.scale = s;
    }
}
