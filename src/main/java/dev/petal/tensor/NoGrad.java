package dev.petal.tensor;

import org.bytedeco.pytorch.NoGradGuard;

/** Disables autograd on this thread until closed: {@code try (var g = NoGrad.open()) { ... }}. */
public final class NoGrad implements AutoCloseable {
    private final NoGradGuard guard;

    private NoGrad() {
        Torch.init();
        guard = new NoGradGuard();
    }

    public static NoGrad open() {
        return new NoGrad();
    }

    @Override
    public void close() {
        guard.close();
    }
}
