package dev.petal.models.clip;

import dev.petal.nn.Container;
import dev.petal.nn.LayerNorm;
import dev.petal.nn.Linear;
import dev.petal.nn.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/** A pre-LN transformer layer of CLIP (text or vision): self_attn (q/k/v/out_proj with bias), mlp fc1 → act → fc2. */
public final class ClipEncoderLayer extends Module {
    public final LayerNorm layerNorm1;
    public final Linear qProj, kProj, vProj, outProj; // [D, D]
    public final LayerNorm layerNorm2;
    public final Linear fc1; // [I, D]
    public final Linear fc2; // [D, I]
    private final int heads;
    private final boolean quickGelu;

    public ClipEncoderLayer(int dim, int intermediate, int heads, double eps, String act) {
        this.heads = heads;
        this.quickGelu = act.equals("quick_gelu");
        Container attn = registerModule("self_attn", new Container());
        this.kProj = attn.add("k_proj", new Linear(dim, dim, true));
        this.vProj = attn.add("v_proj", new Linear(dim, dim, true));
        this.qProj = attn.add("q_proj", new Linear(dim, dim, true));
        this.outProj = attn.add("out_proj", new Linear(dim, dim, true));
        this.layerNorm1 = registerModule("layer_norm1", new LayerNorm(dim, eps));
        Container mlp = registerModule("mlp", new Container());
        this.fc1 = mlp.add("fc1", new Linear(dim, intermediate, true));
        this.fc2 = mlp.add("fc2", new Linear(intermediate, dim, true));
        this.layerNorm2 = registerModule("layer_norm2", new LayerNorm(dim, eps));
    }

    /**
     * x: [B, N, D]; mask: boolean [B, 1, N, N] (true = may attend) or null; causal applies the causal mask
     * when no explicit mask is given → [B, N, D].
     */
    public Tensor forward(Tensor x, Tensor mask, boolean causal) {
        long b = x.size(0), n = x.size(1), d = x.size(2);
        Tensor h = layerNorm1.forward(x);
        Tensor q = qProj.forward(h).view(b, n, heads, d / heads).transpose(1, 2);
        Tensor k = kProj.forward(h).view(b, n, heads, d / heads).transpose(1, 2);
        Tensor v = vProj.forward(h).view(b, n, heads, d / heads).transpose(1, 2);
        Tensor a = mask != null
                ? torch.scaled_dot_product_attention(q, k, v, new TensorOptional(mask), 0.0, false, null, false)
                : torch.scaled_dot_product_attention(q, k, v, new TensorOptional(), 0.0, causal, null, false);
        x = x.add(outProj.forward(a.transpose(1, 2).reshape(b, n, d)));
        h = fc1.forward(layerNorm2.forward(x));
        h = quickGelu ? h.mul(torch.sigmoid(h.mul(new Scalar(1.702)))) : torch.gelu(h);
        return x.add(fc2.forward(h));
    }
}
