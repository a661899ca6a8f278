package dev.petal.models.unet;

import dev.petal.nn.Container;
import dev.petal.nn.Linear;
import dev.petal.nn.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * diffusers' FeedForward with GEGLU: {@code net.0.proj} maps dim → 2·inner, the halves are (h, gate),
 * out = {@code net.2}(h · gelu(gate)) with exact (erf) GELU; {@code net.1} is dropout.
 */
public final class FeedForward extends Module {
    public final Linear proj; // net.0.proj: [2·inner, dim]
    public final Linear out;  // net.2:      [dim, inner]

    public FeedForward(int dim, int mult) {
        int inner = dim * mult;
        Container net = registerModule("net", new Container());
        this.proj = net.add("0", new Container()).add("proj", new Linear(dim, inner * 2L, true));
        this.out = net.add("2", new Linear(inner, dim, true));
    }

    /** x: [B, N, dim] → [B, N, dim]. */
    public Tensor forward(Tensor x) {
        var halves = proj.forward(x).chunk(2, -1);
        return out.forward(halves.get(0).mul(torch.gelu(halves.get(1))));
    }

}
