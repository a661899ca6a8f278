package dev.petal.bench;

import dev.petal.tensor.Scope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** The machine's fp32 GEMM rate on a 1024³ matmul, measured in the same process as the workloads. */
public final class Matmul {
    private Matmul() {
    }

    public static double gflops() {
        int n = 1024;
        double[] times = new double[7];
        try (Scope s = Scope.open()) {
            Tensor a = torch.randn(n, n), b = torch.randn(n, n);
            for (int i = 0; i < 2; i++) a.matmul(b);
            for (int i = 0; i < times.length; i++) {
                long t0 = System.nanoTime();
                a.matmul(b).sum().item_float();
                times[i] = (System.nanoTime() - t0) / 1e9;
            }
        }
        return 2.0 * n * n * n / Stats.median(times) / 1e9;
    }
}
