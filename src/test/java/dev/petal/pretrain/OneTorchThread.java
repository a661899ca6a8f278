package dev.petal.pretrain;

import dev.petal.tensor.Torch;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class's tiny models on one torch thread (restored afterwards): their ops are too small to gain
 * from a second thread, and on a busy 2-core machine OpenMP's spinning barriers make them many times slower.
 */
final class OneTorchThread implements BeforeAllCallback, AfterAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        Torch.init();
        torch.set_num_threads(1);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        torch.set_num_threads(Torch.threads());
    }
}
