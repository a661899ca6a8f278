package dev.petal.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** A lookup table of row vectors, as nn.Embedding (N(0,1) init). */
public final class Embedding extends Module {
    public final Tensor weight; // [num, dim]

    public Embedding(long num, long dim) {
        this.weight = registerParameter("weight", Init.empty(num, dim).normal_(0, 1, null));
    }

    /** ids: int64 of any shape → [..., dim]. */
    public Tensor forward(Tensor ids) {
        return torch.embedding(weight, ids);
    }
}
