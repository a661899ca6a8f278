package dev.petal.eval.inception;

import dev.petal.nn.Init;
import dev.petal.nn.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/** nn.BatchNorm2d in inference mode: normalises with the stored running statistics. */
public final class BatchNorm2d extends Module {
    public final Tensor weight, bias;            // [C]
    public final Tensor runningMean, runningVar; // [C] buffers
    private final double eps;

    public BatchNorm2d(long channels, double eps) {
        this.eps = eps;
        this.weight = registerParameter("weight", Init.ones(channels));
        this.bias = registerParameter("bias", Init.zeros(channels));
        this.runningMean = registerBuffer("running_mean", Init.zeros(channels));
        this.runningVar = registerBuffer("running_var", Init.ones(channels));
    }

    public Tensor forward(Tensor x) {
        return torch.batch_norm(x, new TensorOptional(weight), new TensorOptional(bias), new TensorOptional(runningMean),
                new TensorOptional(runningVar), false, 0.1, eps, true);
    }
}
