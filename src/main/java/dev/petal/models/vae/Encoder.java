package dev.petal.models.vae;

import dev.petal.models.unet.Downsample2D;
import dev.petal.models.unet.ResnetBlock2D;
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

/** Image → 2·latent moment channels: conv_in, DownEncoderBlock2D levels (asymmetric-pad downsampling), mid block. */
public final class Encoder extends Module {
    public final Conv2d convIn;
    public final ModuleList<Container> downBlocks; // each: resnets.*, downsamplers.0
    public final VaeMidBlock midBlock;
    public final GroupNorm convNormOut;
    public final Conv2d convOut;
    private final List<List<ResnetBlock2D>> resnets = new ArrayList<>();
    private final List<Downsample2D> downsamplers = new ArrayList<>();

    Encoder(VaeConfig c) {
        List<Integer> ch = c.blockOutChannels();
        int groups = c.normNumGroups();
        this.convIn = registerModule("conv_in", Conv2d.conv3x3(c.inChannels(), ch.get(0)));
        this.downBlocks = registerModule("down_blocks", new ModuleList<>());
        int out = ch.get(0);
        for (int i = 0; i < ch.size(); i++) {
            int in = out;
            out = ch.get(i);
            Container block = downBlocks.add(new Container());
            ModuleList<ResnetBlock2D> rs = block.add("resnets", new ModuleList<>());
            for (int l = 0; l < c.layersPerBlock(); l++) rs.add(new ResnetBlock2D(l == 0 ? in : out, out, 0, groups, 1e-6, 1.0));
            resnets.add(rs.items());
            if (i < ch.size() - 1) {
                downsamplers.add(block.add("downsamplers", new ModuleList<Downsample2D>()).add(new Downsample2D(out, out, 0)));
            } else {
                downsamplers.add(null);
            }
        }
        int last = ch.get(ch.size() - 1);
        this.midBlock = registerModule("mid_block", new VaeMidBlock(last, groups, c.midBlockAddAttention()));
        this.convNormOut = registerModule("conv_norm_out", new GroupNorm(groups, last, 1e-6));
        this.convOut = registerModule("conv_out", Conv2d.conv3x3(last, 2L * c.latentChannels()));
    }

    /** x: [B, 3, H, W] → [B, 2·latent, H/f, W/f]. */
    Tensor forward(Tensor x) {
        Tensor h = convIn.forward(x);
        for (int i = 0; i < resnets.size(); i++) {
            for (ResnetBlock2D r : resnets.get(i)) {
                Tensor in = h;
                h = Scope.run(() -> r.forward(in, null));
            }
            Downsample2D d = downsamplers.get(i);
            if (d != null) {
                Tensor in = h;
                h = Scope.run(() -> d.forward(in));
            }
        }
        Tensor in = h;
        h = Scope.run(() -> midBlock.forward(in));
        return convOut.forward(torch.silu(convNormOut.forward(h)));
    }
}
