package dev.petal.tensor;

import dev.petal.nn.Conv2d;
import dev.petal.nn.GroupNorm;
import dev.petal.nn.Linear;
import dev.petal.nn.Module;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trains a small conv/norm/linear model with AdamW, every step inside a {@link Scope}, and prints the resident
 * set size after step 100 and after the last step: {@code rss100=… rssEnd=…} (kB). Run in its own JVM by
 * {@link MemoryProofTest} so the heap size is fixed and nothing else shares the process.
 */
public final class MemoryProof {
    static final class Net extends Module {
        final Conv2d conv = registerModule("conv", Conv2d.conv3x3(4, 32));
        final GroupNorm norm = registerModule("norm", new GroupNorm(8, 32, 1e-5));
        final Linear proj = registerModule("proj", new Linear(32, 4, true));

        Tensor forward(Tensor x) { // x: [B, 4, 16, 16]
            Tensor h = torch.silu(norm.forward(conv.forward(x)));            // [B, 32, 16, 16]
            return proj.forward(h.permute(0, 2, 3, 1)).permute(0, 3, 1, 2); // [B, 4, 16, 16]
        }
    }

    public static void main(String[] args) throws Exception {
        int steps = Integer.parseInt(args[0]);
        Torch.seed(0);
        Net net = new Net();
        AdamW opt = new AdamW(new TensorVector(net.trainableParameters().toArray(new Tensor[0])), new AdamWOptions(1e-3));
        long rss100 = 0;
        for (int step = 1; step <= steps; step++) {
            try (Scope s = Scope.open()) {
                Tensor x = torch.randn(8, 4, 16, 16);
                Tensor loss = torch.mse_loss(net.forward(x), x);
                opt.zero_grad();
                loss.backward();
                opt.step();
            }
            if (step == 100) rss100 = rssKb();
        }
        System.out.println("rss100=" + rss100 + " rssEnd=" + rssKb());
    }

    static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
