package dev.petal.models.vae;

import dev.petal.models.unet.ResnetBlock2D;
import dev.petal.models.unet.Upsample2D;
import dev.petal.nn.Container;
import dev.petal.nn.Conv2d;
import dev.petal.nn.GroupNorm;
import dev.petal.nn.Module;
import dev.petal.nn.ModuleList;
import dev.petal.tensor.Scope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.List;

/** Latent → image: conv_in, mid block, UpDecoderBlock2D levels (layers + 1 ResBlocks, ×2 upsampling), conv_out. */
public final class Decoder extends Module {
    public final Conv2d convIn;
    public final VaeMidBlock midBlock;
    public final ModuleList<Container> upBlocks; // each: resnets.*, upsamplers.0
    public final GroupNorm convNormOut;
    public final Conv2d convOut;
    private final List<List<ResnetBlock2D>> resnets = new ArrayList<>();
    private final List<Upsample2D> upsamplers = new ArrayList<>();

    Decoder(VaeConfig c) {
        List<Integer> ch = c.blockOutChannels();
        int groups = c.normNumGroups();
        int n = ch.size();
        int top = ch.get(n - 1);
        this.convIn = registerModule("conv_in", Conv2d.conv3x3(c.latentChannels(), top));
        this.midBlock = registerModule("mid_block", new VaeMidBlock(top, groups, c.midBlockAddAttention()));
        this.upBlocks = registerModule("up_blocks", new ModuleList<>());
        int out = top;
        for (int i = 0; i < n; i++) {
            int prev = out;
            out = ch.get(n - 1 - i);
            Container block = upBlocks.add(new Container());
            ModuleList<ResnetBlock2D> rs = block.add("resnets", new ModuleList<>());
            for (int l = 0; l < c.layersPerBlock() + 1; l++) rs.add(new ResnetBlock2D(l == 0 ? prev : out, out, 0, groups, 1e-6, 1.0));
            resnets.add(rs.items());
            upsamplers.add(i < n - 1 ? block.add("upsamplers", new ModuleList<Upsample2D>()).add(new Upsample2D(out, out)) : null);
        }
        this.convNormOut = registerModule("conv_norm_out", new GroupNorm(groups, ch.get(0), 1e-6));
        this.convOut = registerModule("conv_out", Conv2d.conv3x3(ch.get(0), c.outChannels()));
    }

    /** z: [B, latent, h, w] → [B, 3, h·f, w·f] (unclamped, about [−1, 1]). */
    Tensor forward(Tensor z) {
        Tensor h = Scope.run(() -> midBlock.forward(convIn.forward(z)));
        for (int i = 0; i < resnets.size(); i++) {
            for (ResnetBlock2D r : resnets.get(i)) {
                Tensor in = h;
                h = Scope.run(() -> r.forward(in, null));
            }
            Upsample2D u = upsamplers.get(i);
            if (u != null) {
                Tensor in = h;
                h = Scope.run(() -> u.forward(in, null));
            }
        }
        return convOut.forward(torch.silu(convNormOut.forward(h)));
    }
}
