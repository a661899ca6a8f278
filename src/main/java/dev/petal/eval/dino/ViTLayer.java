package dev.petal.eval.dino;

import dev.petal.nn.Container;
import dev.petal.nn.LayerNorm;
import dev.petal.nn.Linear;
import dev.petal.nn.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * A pre-LN ViT block with transformers' names: {@code attention.attention.{query,key,value}},
 * {@code attention.output.dense}, {@code intermediate.dense} (exact GELU), {@code output.dense},
 * {@code layernorm_before} / {@code layernorm_after}.
 */
public final class ViTLayer extends Module {
    public final Linear query, key, value, attentionOut, intermediate, output;
    public final LayerNorm layerNormBefore, layerNormAfter;
    private final int heads;

    public ViTLayer(ViTConfig c) {
        int d = c.hiddenSize();
        this.heads = c.numAttentionHeads();
        Container attention = registerModule("attention", new Container());
        Container self = attention.add("attention", new Container());
        this.query = self.add("query", new Linear(d, d, c.qkvBias()));
        this.key = self.add("key", new Linear(d, d, c.qkvBias()));
        this.value = self.add("value", new Linear(d, d, c.qkvBias()));
        this.attentionOut = attention.add("output", new Container()).add("dense", new Linear(d, d, true));
        this.intermediate = registerModule("intermediate", new Container()).add("dense", new Linear(d, c.intermediateSize(), true));
        this.output = registerModule("output", new Container()).add("dense", new Linear(c.intermediateSize(), d, true));
        this.layerNormBefore = registerModule("layernorm_before", new LayerNorm(d, c.layerNormEps()));
        this.layerNormAfter = registerModule("layernorm_after", new LayerNorm(d, c.layerNormEps()));
    }

    /** x [B, N, D] → [B, N, D]. */
    public Tensor forward(Tensor x) {
        long b = x.size(0), n = x.size(1), d = x.size(2);
        Tensor h = layerNormBefore.forward(x);
        Tensor q = query.forward(h).view(b, n, heads, d / heads).transpose(1, 2);
        Tensor k = key.forward(h).view(b, n, heads, d / heads).transpose(1, 2);
        Tensor v = value.forward(h).view(b, n, heads, d / heads).transpose(1, 2);
        Tensor a = torch.scaled_dot_product_attention(q, k, v, new TensorOptional(), 0.0, false, null, false);
        x = x.add(attentionOut.forward(a.transpose(1, 2).reshape(b, n, d)));
        return x.add(output.forward(torch.gelu(intermediate.forward(layerNormAfter.forward(x)))));
    }
}
