package dev.petal.models.unet;

import dev.petal.nn.Linear;
import dev.petal.nn.Module;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Sinusoidal timestep features followed by linear → SiLU → linear (diffusers' Timesteps + TimestepEmbedding). */
public final class TimestepEmbedding extends Module {
    public final Linear linear1; // [embed, channels]
    public final Linear linear2; // [embed, embed]

    public TimestepEmbedding(int channels, int embedDim) {
        this.linear1 = registerModule("linear_1", new Linear(channels, embedDim, true));
        this.linear2 = registerModule("linear_2", new Linear(embedDim, embedDim, true));
    }

    /** features: [B, channels] → [B, embed]. */
    public Tensor forward(Tensor features) {
        return linear2.forward(torch.silu(linear1.forward(features)));
    }

    /**
     * diffusers' get_timestep_embedding with max_period 10000 and scale 1, in the same fp32 operation order:
     * timesteps [B] (int or fractional) → [B, dim], cos half first when {@code flipSinToCos}.
     */
    public static Tensor sinusoid(Tensor timesteps, int dim, boolean flipSinToCos, double freqShift) {
        int half = dim / 2;
        Tensor exponent = torch.arange(new Scalar(0), new Scalar(half), Tensors.options(ScalarType.Float, timesteps.device()))
                .mul(new Scalar(-Math.log(10000))).div(new Scalar(half - freqShift));
        Tensor freqs = torch.exp(exponent);
        Tensor args = timesteps.unsqueeze(1).to(ScalarType.Float).mul(freqs.unsqueeze(0)); // [B, half]
        Tensor sin = torch.sin(args), cos = torch.cos(args);
        Tensor emb = flipSinToCos ? torch.cat(new TensorVector(cos, sin), -1) : torch.cat(new TensorVector(sin, cos), -1);
        if (dim % 2 == 1) emb = torch.constant_pad_nd(emb, new long[]{0, 1}, new Scalar(0.0));
        return emb;
    }
}
