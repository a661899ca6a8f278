package dev.petal.models.unet;

import dev.petal.nn.Conv2d;
import dev.petal.nn.GroupNorm;
import dev.petal.nn.Linear;
import dev.petal.nn.Module;
import dev.petal.nn.ModuleList;
import org.bytedeco.pytorch.Tensor;

/**
 * The spatial transformer: GroupNorm (eps 1e-6) → proj_in → transformer blocks over the H·W tokens →
 * proj_out → + input. proj_in/out are 1×1 convolutions, or Linear layers with {@code use_linear_projection}.
 */
public final class Transformer2DModel extends Module {
    public final GroupNorm norm;
    public final Module projIn;  // Conv2d [inner, C, 1, 1] or Linear [inner, C]
    public final ModuleList<BasicTransformerBlock> transformerBlocks;
    public final Module projOut; // Conv2d [C, inner, 1, 1] or Linear [C, inner]
    private final boolean linear;

    public Transformer2DModel(int channels, int heads, int layers, int contextDim, int groups, boolean linear, boolean onlyCross) {
        int headDim = channels / heads;
        int inner = heads * headDim;
        this.linear = linear;
        this.norm = registerModule("norm", new GroupNorm(groups, channels, 1e-6));
        this.projIn = registerModule("proj_in", linear ? new Linear(channels, inner, true) : new Conv2d(channels, inner, 1, 1, 0, true));
        this.transformerBlocks = registerModule("transformer_blocks", new ModuleList<>());
        for (int i = 0; i < layers; i++) transformerBlocks.add(new BasicTransformerBlock(inner, heads, headDim, contextDim, onlyCross));
        this.projOut = registerModule("proj_out", linear ? new Linear(inner, channels, true) : new Conv2d(inner, channels, 1, 1, 0, true));
    }

    /** x: [B, C, H, W]; context: [B, M, contextDim] → [B, C, H, W]. */
    public Tensor forward(Tensor x, Tensor context) {
        long b = x.size(0), h = x.size(2), w = x.size(3);
        Tensor hs = norm.forward(x);
        Tensor tokens;
        if (linear) {
            tokens = ((Linear) projIn).forward(hs.permute(0, 2, 3, 1).reshape(b, h * w, -1));
        } else {
            Tensor p = ((Conv2d) projIn).forward(hs);
            tokens = p.permute(0, 2, 3, 1).reshape(b, h * w, p.size(1)); // [B, HW, inner]
        }
        for (BasicTransformerBlock block : transformerBlocks) tokens = block.forward(tokens, context);
        Tensor out;
        if (linear) {
            Tensor p = ((Linear) projOut).forward(tokens);
            out = p.reshape(b, h, w, p.size(2)).permute(0, 3, 1, 2).contiguous();
        } else {
            out = ((Conv2d) projOut).forward(tokens.reshape(b, h, w, tokens.size(2)).permute(0, 3, 1, 2).contiguous());
        }
        return out.add(x);
    }
}
