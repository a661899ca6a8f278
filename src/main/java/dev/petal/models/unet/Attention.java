package dev.petal.models.unet;

import dev.petal.nn.Linear;
import dev.petal.nn.Module;
import dev.petal.nn.ModuleList;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Multi-head attention as diffusers' Attention with AttnProcessor2_0: bias-free q/k/v projections, an output
 * projection with bias ({@code to_out.0}; {@code to_out.1} is dropout), scaled_dot_product_attention.
 * Self-attention when the context is null.
 */
public final class Attention extends Module {
    public final Linear toQ;   // [inner, queryDim]
    public final Linear toK;   // [inner, contextDim]
    public final Linear toV;   // [inner, contextDim]
    public final ModuleList<Linear> toOut; // 0: [queryDim, inner] + bias
    public final int heads;

    public Attention(int queryDim, int contextDim, int heads, int headDim) {
        int inner = heads * headDim;
        this.heads = heads;
        this.toQ = registerModule("to_q", new Linear(queryDim, inner, false));
        this.toK = registerModule("to_k", new Linear(contextDim, inner, false));
        this.toV = registerModule("to_v", new Linear(contextDim, inner, false));
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

    private Tensor splitHeads(Tensor t, long b) {
        return t.view(b, -1, heads, t.size(2) / heads).transpose(1, 2);
    }
}
