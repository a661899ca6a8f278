package dev.petal.training;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

import java.util.Collection;

/**
 * The one place Petal builds libtorch's AdamW. {@code AdamWOptions.betas()} is a {@code std::tuple<double, double>}
 * that JavaCPP exposes as a raw pointer, and libstdc++ lays a tuple out last element first: writing
 * {@code betas().put(0, β1).put(1, β2)} silently gives β1 = β2-value, β2 = β1-value (momentum 0.999, second moment
 * 0.9), which trains, but badly. {@link #betasOf} reads the layout back the same way, and the tests check the
 * update against Adam's formula step by step.
 */
public final class AdamWFactory {
    private AdamWFactory() {
    }

    /** AdamW (decoupled weight decay, no AMSGrad) over {@code params}. */
    public static AdamW create(Collection<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        AdamWOptions o = new AdamWOptions(lr);
        o.betas().put(0, beta2).put(1, beta1); // libstdc++ std::tuple<double, double>: element 1 at offset 0
        o.weight_decay().put(weightDecay);
        o.eps().put(eps);
        return new AdamW(new TensorVector(params.toArray(new Tensor[0])), o);
    }

    /** {β1, β2} as stored in options built by {@link #create}. */
    static double[] betasOf(AdamWOptions o) {
        DoublePointer b = o.betas();
        return new double[]{b.get(1), b.get(0)};
    }
}
