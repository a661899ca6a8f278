package dev.petal.models.unet;

import dev.petal.nn.GroupNorm;
import dev.petal.nn.Linear;
import dev.petal.nn.Module;
import dev.petal.nn.ModuleList;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Multi-head attention as diffusers' Attention with AttnProcessor2_0: q/k/v projections (bias-free in the UNet,
 * with bias in the VAE), an output projection with bias ({@code to_out.0}; {@code to_out.1} is dropout),
 * scaled_dot_product_attention. Self-attention when the context is null. The VAE's form adds a
 * {@code group_norm} and a residual over a [B, C, H, W] map ({@link #forwardSpatial}).
 */
public final class Attention extends Module {
    public final Linear toQ;   // [inner, queryDim]
    public final Linear toK;   // [inner, contextDim]
    public final Linear toV;   // [inner, contextDim]
    public final ModuleList<Linear> toOut; // 0: [queryDim, inner] + bias
    public final GroupNorm groupNorm;      // VAE form only, else null
    public final int heads;

    /** The UNet's attention: no q/k/v bias, no norm. */
    public Attention(int queryDim, int contextDim, int heads, int headDim) {
        this(queryDim, contextDim, heads, headDim, false, 0, 0);
    }

    /** The VAE mid-block's single-head spatial self-attention: q/k/v bias, GroupNorm, residual. */
    public static Attention spatial(int channels, int groups, double eps) {
        return new Attention(channels, channels, 1, channels, true, groups, eps);
    }

    private Attention(int queryDim, int contextDim, int heads, int headDim, boolean qkvBias, int groups, double eps) {
        int inner = heads * headDim;
        this.heads = heads;
        this.groupNorm = groups > 0 ? registerModule("group_norm", new GroupNorm(groups, queryDim, eps)) : null;
        this.toQ = registerModule("to_q", new Linear(queryDim, inner, qkvBias));
        this.toK = registerModule("to_k", new Linear(contextDim, inner, qkvBias));
        this.toV = registerModule("to_v", new Linear(contextDim, inner, qkvBias));
        this.toOut = registerModule("to_out", new ModuleList<>());
        toOut.add(new Linear(inner, queryDim, true));
    }

    /** x: [B, N, queryDim]; context: [B, M, contextDim] or null → [B, N, queryDim]. */
    public Tensor forward(Tensor x, Tensor context) {
        Tensor ctx = context == null ? x : context;
        long b = x.size(0);
        Tensor q = splitHeads(toQ.forward(x), b);   // [B, heads, N, d]
        Tensor k = splitHeads(toK.forward(ctx), b); // [B, heads, M, d]
        Tensor v = splitHeads(toV.forward(ctx), b); // [B, heads, M, d]
        Tensor o = torch.scaled_dot_product_attention(q, k, v); // [B, heads, N, d]
        o = o.transpose(1, 2).reshape(b, -1, o.size(1) * o.size(3)); // [B, N, inner]
        return toOut.get(0).forward(o);
    }

    /** x: [B, C, H, W] → x + attention over its H·W positions (after the group norm) → [B, C, H, W]. */
    public Tensor forwardSpatial(Tensor x) {
        long b = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        Tensor normed = groupNorm == null ? x : groupNorm.forward(x);
        Tensor tokens = normed.view(b, c, h * w).transpose(1, 2); // [B, HW, C]
        Tensor out = forward(tokens, null);                       // [B, HW, C]
        return out.transpose(1, 2).reshape(b, c, h, w).add(x);
    }

    private Tensor splitHeads(Tensor t, long b) {
        return t.view(b, -1, heads, t.size(2) / heads).transpose(1, 2);
    }
}
