package dev.petal.adapters;

import dev.petal.nn.Linear;
import dev.petal.nn.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * The token-wise bottleneck adapter of the paper: a = s · up(act(down(x))), Linear layers with biases, no norm.
 * For CA_c the width is the text context's.
 */
public final class TokenAdapter extends Module {
    public final Linear down; // [r, dim]
    public final Linear up;   // [dim, r]
    private final Activation activation;
    private double scale;

    public TokenAdapter(int dim, int rank, Activation activation, double scale, boolean zeroUp) {
        this.down = registerModule("down", new Linear(dim, rank, true));
        this.up = registerModule("up", new Linear(rank, dim, true));
        this.activation = activation;
        this.scale = scale;
        if (zeroUp) Adapters.zero(up);
    }

    /** x: [B, N, dim] → [B, N, dim]. */
    public Tensor forward(Tensor x) {
        Tensor a = up.forward(activation.apply(down.forward(x)));
        return scale == 1.0 ? a : a.mul(new Scalar(scale));
    }

    public void setScale(double s) {
        this.scale = s;
    }
}
