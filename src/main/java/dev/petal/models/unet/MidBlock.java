package dev.petal.models.unet;

import dev.petal.nn.Module;
import dev.petal.nn.ModuleList;
import dev.petal.tensor.Scope;
import org.bytedeco.pytorch.Tensor;

/** UNetMidBlock2DCrossAttn: ResBlock, then (transformer, ResBlock) pairs, at the lowest resolution. */
public final class MidBlock extends Module {
    public final ModuleList<ResnetBlock2D> resnets;
    public final ModuleList<Transformer2DModel> attentions;

    MidBlock(UNetConfig c) {
        int ch = c.blockOutChannels().get(c.levels() - 1);
        int level = c.levels() - 1;
        this.attentions = registerModule("attentions", new ModuleList<>());
        this.resnets = registerModule("resnets", new ModuleList<>());
        resnets.add(new ResnetBlock2D(ch, ch, c.timeEmbedDim(), c.normNumGroups(), c.normEps(), c.midBlockScaleFactor()));
        attentions.add(new Transformer2DModel(ch, c.numAttentionHeads().get(level), c.transformerLayersPerBlock().get(level),
                c.crossAttentionDim(), c.normNumGroups(), c.useLinearProjection(), c.onlyCrossAttention()));
        resnets.add(new ResnetBlock2D(ch, ch, c.timeEmbedDim(), c.normNumGroups(), c.normEps(), c.midBlockScaleFactor()));
    }

    Tensor forward(Tensor x, Tensor temb, Tensor context) {
        Tensor in = x;
        x = Scope.run(() -> resnets.get(0).forward(in, temb));
        for (int i = 0; i < attentions.size(); i++) {
            Tensor h = x, a;
            Transformer2DModel attn = attentions.get(i);
            a = Scope.run(() -> attn.forward(h, context));
            ResnetBlock2D r = resnets.get(i + 1);
            x = Scope.run(() -> r.forward(a, temb));
        }
        return x;
    }
}
