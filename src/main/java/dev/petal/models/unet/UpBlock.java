package dev.petal.models.unet;

import dev.petal.nn.Module;
import dev.petal.nn.ModuleList;
import dev.petal.tensor.Scope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.util.List;

/**
 * One level of the decoder: CrossAttnUpBlock2D or UpBlock2D. Each ResBlock takes the previous state
 * concatenated (channels) with the matching encoder state; an optional ×2 upsampler ends the level.
 */
public final class UpBlock extends Module {
    public final ModuleList<ResnetBlock2D> resnets;
    public final ModuleList<Transformer2DModel> attentions; // null for UpBlock2D
    public final ModuleList<Upsample2D> upsamplers;         // null on the last level

    /**
     * @param in      channels of the encoder level below (the skip of this level's last ResBlock)
     * @param out     channels of this level
     * @param prevOut channels coming up from the previous decoder level
     * @param layers  ResBlocks in this level (layers_per_block + 1)
     * @param headsLevel the encoder level whose head count and transformer depth this level mirrors
     */
    UpBlock(UNetConfig c, int headsLevel, int layers, int in, int out, int prevOut, boolean crossAttention, boolean addUpsample) {
        int temb = c.timeEmbedDim();
        this.resnets = registerModule("resnets", new ModuleList<>());
        this.attentions = crossAttention ? registerModule("attentions", new ModuleList<>()) : null;
        for (int i = 0; i < layers; i++) {
            int skip = i == layers - 1 ? in : out;
            int resIn = i == 0 ? prevOut : out;
            resnets.add(new ResnetBlock2D(resIn + skip, out, temb, c.normNumGroups(), c.normEps(), 1.0));
            if (crossAttention) {
                attentions.add(new Transformer2DModel(out, c.numAttentionHeads().get(headsLevel), c.transformerLayersPerBlock().get(headsLevel),
                        c.crossAttentionDim(), c.normNumGroups(), c.useLinearProjection(), c.onlyCrossAttention()));
            }
        }
        this.upsamplers = addUpsample ? registerModule("upsamplers", new ModuleList<>()) : null;
        if (addUpsample) upsamplers.add(new Upsample2D(out, out));
    }

    /**
     * Consumes this level's skips from the end of {@code skips}; the upsampler targets {@code upsampleSize}
     * (h, w) when given (odd latent sizes), else exactly ×2.
     */
    Tensor forward(Tensor x, Tensor temb, Tensor context, List<Tensor> skips, long[] upsampleSize) {
        for (int i = 0; i < resnets.size(); i++) {
            Tensor skip = skips.remove(skips.size() - 1);
            ResnetBlock2D r = resnets.get(i);
            Tensor in = x;
            x = Scope.run(() -> r.forward(torch.cat(new TensorVector(in, skip), 1), temb));
            if (attentions != null) {
                Transformer2DModel a = attentions.get(i);
                Tensor h = x;
                x = Scope.run(() -> a.forward(h, context));
            }
        }
        if (upsamplers != null) {
            Tensor in = x;
            x = Scope.run(() -> upsamplers.get(0).forward(in, upsampleSize));
        }
        return x;
    }

    /** The upsampler's target: the spatial size of the skip the next level takes first, when sizes are odd. */
    long[] upsampleSize(List<Tensor> skipsBefore, boolean matchSkipSize) {
        if (!matchSkipSize || upsamplers == null) return null;
        Tensor next = skipsBefore.get(skipsBefore.size() - 1 - resnets.size());
        return new long[]{next.size(2), next.size(3)};
    }
}
