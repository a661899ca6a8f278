package dev.petal.models.unet;

import dev.petal.nn.Module;
import dev.petal.nn.ModuleList;
import dev.petal.tensor.Scope;
import org.bytedeco.pytorch.Tensor;

import java.util.List;

/**
 * One level of the UNet's encoder: CrossAttnDownBlock2D (ResBlocks each followed by a spatial transformer) or
 * DownBlock2D (ResBlocks only), then an optional stride-2 downsampler. Returns every intermediate state for
 * the decoder's skip connections.
 */
public final class DownBlock extends Module {
    public final ModuleList<ResnetBlock2D> resnets;
    public final ModuleList<Transformer2DModel> attentions;  // null for DownBlock2D
    public final ModuleList<Downsample2D> downsamplers;      // null on the last level

    DownBlock(UNetConfig c, int level, int in, int out, boolean crossAttention, boolean addDownsample) {
        int temb = c.timeEmbedDim();
        this.resnets = registerModule("resnets", new ModuleList<>());
        this.attentions = crossAttention ? registerModule("attentions", new ModuleList<>()) : null;
        for (int i = 0; i < c.layersPerBlock().get(level); i++) {
            resnets.add(new ResnetBlock2D(i == 0 ? in : out, out, temb, c.normNumGroups(), c.normEps(), 1.0));
            if (crossAttention) {
                attentions.add(new Transformer2DModel(out, c.numAttentionHeads().get(level), c.transformerLayersPerBlock().get(level),
                        c.crossAttentionDim(), c.normNumGroups(), c.useLinearProjection(), c.onlyCrossAttention()));
            }
        }
        this.downsamplers = addDownsample ? registerModule("downsamplers", new ModuleList<>()) : null;
        if (addDownsample) downsamplers.add(new Downsample2D(out, out, c.downsamplePadding()));
    }

    /** Runs the level; appends each state the decoder will concatenate to {@code skips}. */
    Tensor forward(Tensor x, Tensor temb, Tensor context, List<Tensor> skips) {
        for (int i = 0; i < resnets.size(); i++) {
            ResnetBlock2D r = resnets.get(i);
            Tensor in = x;
            x = Scope.run(() -> r.forward(in, temb));
            if (attentions != null) {
                Transformer2DModel a = attentions.get(i);
                Tensor h = x;
                x = Scope.run(() -> a.forward(h, context));
            }
            skips.add(x);
        }
        if (downsamplers != null) {
            Tensor in = x;
            x = Scope.run(() -> downsamplers.get(0).forward(in));
            skips.add(x);
        }
        return x;
    }
}
