package dev.petal.models.unet;

import dev.petal.nn.LayerNorm;
import dev.petal.nn.Module;
import org.bytedeco.pytorch.Tensor;

import static dev.petal.models.unet.TapPoint.*;

/**
 * Self-attention, cross-attention and GEGLU feed-forward, each pre-normed with a residual, as diffusers'
 * BasicTransformerBlock (norm_type layer_norm). The paper's adapter positions are the {@link TapPoint}s.
 */
public final class BasicTransformerBlock extends Module {
    public final LayerNorm norm1;
    public final Attention attn1;
    public final LayerNorm norm2;
    public final Attention attn2;
    public final LayerNorm norm3;
    public final FeedForward ff;
    private final boolean onlyCrossAttention;
    private Taps taps = Taps.NONE;

    public BasicTransformerBlock(int dim, int heads, int headDim, int contextDim, boolean onlyCrossAttention) {
        this.norm1 = registerModule("norm1", new LayerNorm(dim, 1e-5));
        this.attn1 = registerModule("attn1", new Attention(dim, onlyCrossAttention ? contextDim : dim, heads, headDim));
        this.norm2 = registerModule("norm2", new LayerNorm(dim, 1e-5));
        this.attn2 = registerModule("attn2", new Attention(dim, contextDim, heads, headDim));
        this.norm3 = registerModule("norm3", new LayerNorm(dim, 1e-5));
        this.ff = registerModule("ff", new FeedForward(dim, 4));
        this.onlyCrossAttention = onlyCrossAttention;
    }

    public void setTaps(Taps taps) {
        this.taps = taps == null ? Taps.NONE : taps;
    }

    public Taps taps() {
        return taps;
    }

    /** x: [B, N, dim]; context: [B, M, contextDim] → [B, N, dim]. */
    public Tensor forward(Tensor x, Tensor context) {
        x = taps.at(SA_IN, x);
        Tensor sa = taps.at(SA_OUT, attn1.forward(norm1.forward(x), onlyCrossAttention ? context : null));
        Tensor h1 = taps.at(CA_IN, sa.add(x));
        Tensor c = taps.at(CA_C, context);
        Tensor ca = taps.at(CA_OUT, attn2.forward(norm2.forward(h1), c));
        Tensor h2 = taps.at(FFN_IN, ca.add(h1));
        Tensor f = taps.at(FFN_OUT, ff.forward(norm3.forward(h2)));
        return taps.at(TRANS_OUT, f.add(h2));
    }
}
