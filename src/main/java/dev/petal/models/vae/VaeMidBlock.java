package dev.petal.models.vae;

import dev.petal.models.unet.Attention;
import dev.petal.models.unet.ResnetBlock2D;
import dev.petal.nn.Module;
import dev.petal.nn.ModuleList;
import org.bytedeco.pytorch.Tensor;

/** UNetMidBlock2D without time embedding: ResBlock → spatial self-attention → ResBlock (eps 1e-6). */
public final class VaeMidBlock extends Module {
    public final ModuleList<Attention> attentions; // empty when mid_block_add_attention is false
    public final ModuleList<ResnetBlock2D> resnets;

    VaeMidBlock(int channels, int groups, boolean attention) {
        this.attentions = registerModule("attentions", new ModuleList<>());
        this.resnets = registerModule("resnets", new ModuleList<>());
        resnets.add(new ResnetBlock2D(channels, channels, 0, groups, 1e-6, 1.0));
        if (attention) attentions.add(Attention.spatial(channels, groups, 1e-6));
        resnets.add(new ResnetBlock2D(channels, channels, 0, groups, 1e-6, 1.0));
    }

    Tensor forward(Tensor x) {
        x = resnets.get(0).forward(x, null);
        if (attentions.size() > 0) x = attentions.get(0).forwardSpatial(x);
        return resnets.get(1).forward(x, null);
    }
}
