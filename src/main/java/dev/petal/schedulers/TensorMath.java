package dev.petal.schedulers;

import dev.petal.tensor.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * The tensor side of the schedulers: linear combinations of latents with coefficients computed in double.
 * Results have the dtype and device of the inputs.
 */
final class TensorMath {
    private TensorMath() {
    }

    /** {@code a·x + b·y}. */
    static Tensor lin(double a, Tensor x, double b, Tensor y) {
        return x.mul(new Scalar(a)).add(y.mul(new Scalar(b)));
    }

    /** {@code a·x + b·y + c·z}. */
    static Tensor lin(double a, Tensor x, double b, Tensor y, double c, Tensor z) {
        return lin(a, x, b, y).add(z.mul(new Scalar(c)));
    }

    static Tensor scale(Tensor x, double a) {
        return x.mul(new Scalar(a));
    }

    /** {@code a[i]·x[i] + b[i]·y[i]} with one coefficient per batch element (or one for all). */
    static Tensor combine(Tensor x, double[] a, Tensor y, double[] b) {
        if (a.length == 1 && b.length == 1) return lin(a[0], x, b[0], y);
        return x.mul(perSample(a, x)).add(y.mul(perSample(b, y)));
    }

    /** Coefficients as a [B, 1, 1, …] tensor that broadcasts over {@code like}. */
    static Tensor perSample(double[] c, Tensor like) {
        long[] shape = Tensors.shape(like);
        if (shape.length == 0 || shape[0] != c.length) {
            throw new IllegalArgumentException(c.length + " per-sample values for a batch of shape "
                    + Tensors.shapeString(like));
        }
        long[] bshape = new long[shape.length];
        java.util.Arrays.fill(bshape, 1);
        bshape[0] = c.length;
        return Tensors.fromDoubles(c, bshape).to(like.device(), like.scalar_type());
    }

    /**
     * A reference to {@code t} that the sampler keeps across steps, sharing its storage. JavaCPP counts
     * references: retaining keeps the tensor alive when the {@link PointerScope} the caller runs the step in
     * closes (a scope releases what it holds; note that {@code PointerScope.detach} releases too, so detaching
     * alone would free it). Give it back with {@link #release}.
     */
    static Tensor retain(Tensor t) {
        Tensor kept = new Tensor(t);
        kept.retainReference();
        return kept;
    }

    static void release(Tensor t) {
        if (t != null) t.releaseReference();
    }
}
