package dev.petal.bench;

import dev.petal.adapters.AdapterSpec;
import dev.petal.adapters.Activation;
import dev.petal.adapters.Adapters;
import dev.petal.adapters.Position;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.models.unet.UNetConfig;
import dev.petal.tensor.Scope;
import dev.petal.tensor.Torch;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.util.function.IntConsumer;

/**
 * W1 {@code tiny} (shared/bench/WORKLOADS.md): one adapter training step on a small SD-architecture UNet —
 * channels (64, 128, 256), batch 8, latents 16×16, context 77×128, CA_out → FFN_in r 16 in every transformer
 * block, MSE against the noise, AdamW (lr 1e-4, wd 0.01).
 */
public final class TinyAdapterStep {
    static final String CONFIG = """
            {"_class_name": "UNet2DConditionModel", "sample_size": 16, "in_channels": 4, "out_channels": 4,
             "block_out_channels": [64, 128, 256],
             "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
             "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
             "layers_per_block": 1, "attention_head_dim": 4, "cross_attention_dim": 128, "norm_num_groups": 32}""";

    private TinyAdapterStep() {
    }

    public static BenchResult run(int warmup, int steps, IntConsumer progress) {
        Torch.seed(0);
        UNet2DConditionModel unet;
        try {
            unet = new UNet2DConditionModel(UNetConfig.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().readTree(CONFIG), "W1"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Adapters.Attached adapters = Adapters.attach(unet, new AdapterSpec(Position.CA_OUT, Position.FFN_IN, Activation.RELU, 1, 16, null, null));
        AdamWOptions opts = new AdamWOptions(1e-4);
        opts.weight_decay().put(0.01);
        AdamW opt = new AdamW(new TensorVector(adapters.parameters().toArray(new Tensor[0])), opts);
        double[] ms = new double[steps];
        for (int i = 0; i < warmup + steps; i++) {
            long t0 = System.nanoTime();
            try (Scope s = Scope.open()) {
                Tensor latents = torch.randn(8, 4, 16, 16);
                Tensor noise = torch.randn(8, 4, 16, 16);
                Tensor context = torch.randn(8, 77, 128);
                Tensor t = torch.randint(1000, new long[]{8});
                Tensor loss = torch.mse_loss(unet.forward(latents, t, context), noise);
                opt.zero_grad();
                loss.backward();
                opt.step();
                loss.item_float();
            }
            if (i >= warmup) ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
            progress.accept(i + 1);
        }
        return new BenchResult("W1 tiny adapter step", "ms/step", Stats.median(ms), Stats.min(ms), Stats.max(ms), steps,
                Stats.peakRssMiB(), adapters.parameterCount(), Double.NaN, settings());
    }

    static String settings() {
        return "threads " + Torch.threads() + ", BLAS " + Torch.blasThreads() + ", " + Torch.allocator();
    }
}
