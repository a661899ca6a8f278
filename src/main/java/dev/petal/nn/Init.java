package dev.petal.nn;

import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.function.Supplier;

/**
 * PyTorch's default initialisations, computed the same way (same bound arithmetic, same generator calls in
 * the same order), so that a seeded Petal model starts from the same numbers as the PyTorch one.
 */
public final class Init {
    private static final ThreadLocal<Device> DEVICE = new ThreadLocal<>();

    private Init() {
    }

    /**
     * Builds modules with their parameters on {@code device}: e.g. "meta" gives shapes without storage, to
     * count the parameters of an 860 M-parameter UNet without allocating it.
     */
    public static <T> T onDevice(Device device, Supplier<T> build) {
        Device previous = DEVICE.get();
        DEVICE.set(device);
        try {
            return build.get();
        } finally {
            DEVICE.set(previous);
        }
    }

    public static Tensor empty(long... shape) {
        return torch.empty(shape, Tensors.options(ScalarType.Float, DEVICE.get()), null);
    }

    /** {@code kaiming_uniform_(w, a=sqrt(5))}: the default of nn.Linear and nn.Conv2d weights. */
    public static Tensor kaimingUniformDefault(Tensor w, long fanIn) {
        double a = Math.sqrt(5.0);
        double gain = Math.sqrt(2.0 / (1 + a * a));
        double std = gain / Math.sqrt(fanIn);
        double bound = Math.sqrt(3.0) * std;
        return w.uniform_(-bound, bound, null);
    }

    /** The default bias init of nn.Linear / nn.Conv2d: U(−1/√fan_in, 1/√fan_in). */
    public static Tensor biasUniform(Tensor b, long fanIn) {
        double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
        return b.uniform_(-bound, bound, null);
    }

    public static Tensor ones(long... shape) {
        return torch.ones(shape, Tensors.options(ScalarType.Float, DEVICE.get()));
    }

    public static Tensor zeros(long... shape) {
        return torch.zeros(shape, Tensors.options(ScalarType.Float, DEVICE.get()));
    }
}
