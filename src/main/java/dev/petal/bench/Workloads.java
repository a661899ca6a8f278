package dev.petal.bench;

import dev.petal.adapters.Activation;
import dev.petal.training.AdamWFactory;
import dev.petal.adapters.AdapterSpec;
import dev.petal.adapters.Adapters;
import dev.petal.adapters.Position;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.models.unet.UNetConfig;
import dev.petal.pipeline.TextToImage;
import dev.petal.schedulers.Sampler;
import dev.petal.schedulers.Samplers;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Scope;
import dev.petal.tensor.Torch;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark workloads (shared/bench/WORKLOADS.md, plus the full-size forward passes of the SD issue), each a
 * function of (warm-up, measured repetitions) returning its figures. Run each in a fresh JVM for its own peak RSS.
 */
public final class Workloads {
    /** One workload: a name, what it measures, its default repetitions, and the code. */
    public record Workload(String name, String description, int warmup, int reps, Runner runner) {
    }

    @FunctionalInterface
    public interface Runner {
        BenchResult run(int warmup, int reps);
    }

    public static final Map<String, Workload> ALL = new LinkedHashMap<>();

    static {
        add(new Workload("tiny", "W1: adapter CA_out→FFN_in r16 training step, small UNet, batch 8, 16×16", 5, 30,
                (w, n) -> trainStep("W1 tiny adapter", UNets.tiny(), 8, 16, 128, "adapter", 16, 1e-4, w, n)));
        add(new Workload("sd15-256-adapter", "W2a: adapter CA_out→FFN_in r60 step on SD 1.x, latents 32×32", 2, 5,
                (w, n) -> trainStep("W2a sd15-256 adapter", UNets.sd15(), 1, 32, 768, "adapter", 60, 1e-4, w, n)));
        add(new Workload("sd15-256-lora", "W2b: LoRA r4 alpha 4 on to_q/to_k/to_v/to_out.0, SD 1.x, latents 32×32", 2, 5,
                (w, n) -> trainStep("W2b sd15-256 LoRA", UNets.sd15(), 1, 32, 768, "lora", 4, 1e-4, w, n)));
        add(new Workload("sd15-256-full", "W2c: full fine-tuning step on SD 1.x, latents 32×32", 2, 5,
                (w, n) -> trainStep("W2c sd15-256 full", UNets.sd15(), 1, 32, 768, "full", 0, 1e-5, w, n)));
        add(new Workload("sd15-sample", "W3: DPM-Solver++ 2M, 25 steps, CFG 7 on SD 1.x, latents 32×32 (s/image)", 1, 3,
                (w, n) -> sample("W3 sd15-sample", UNets.sd15(), 32, 768, 25, w, n)));
        add(new Workload("sd15-forward", "one SD 1.5 UNet forward, latents 64×64 (512 px), batch 1", 1, 3,
                (w, n) -> forward("SD 1.5 forward 64×64", UNets.sd15(), 64, 768, w, n)));
        add(new Workload("sd21-forward", "one SD 2.1 UNet forward, latents 64×64, batch 1", 1, 3,
                (w, n) -> forward("SD 2.1 forward 64×64", UNets.sd21(), 64, 1024, w, n)));
    }

    private static void add(Workload w) {
        ALL.put(w.name(), w);
    }

    private Workloads() {
    }

    static BenchResult trainStep(String name, UNetConfig config, int batch, int size, int ctxDim, String method, int rank,
                                 double lr, int warmup, int reps) {
        Torch.seed(0);
        UNet2DConditionModel unet = UNets.build(config);
        List<Tensor> params;
        long trained;
        if (method.equals("adapter")) {
            Adapters.Attached a = Adapters.attach(unet, new AdapterSpec(Position.CA_OUT, Position.FFN_IN, Activation.RELU, 1, rank, null, null));
            params = a.parameters();
            trained = a.parameterCount();
        } else if (method.equals("lora")) {
            var l = dev.petal.adapters.lora.Lora.attach(unet, dev.petal.adapters.lora.LoraSpec.of(rank, rank));
            params = l.parameters();
            trained = l.parameterCount();
        } else {
            dev.petal.tensor.NativeMalloc.forFullTraining(unet.parameterCount()); // as TrainingRun does
            params = unet.trainableParameters();
            trained = unet.parameterCount();
        }
        AdamW opt = AdamWFactory.create(params, lr, 0.9, 0.999, 1e-8, 0.01);
        double[] ms = new double[reps];
        for (int i = 0; i < warmup + reps; i++) {
            long t0 = System.nanoTime();
            try (Scope s = Scope.open()) {
                Tensor latents = torch.randn(batch, 4, size, size);
                Tensor noise = torch.randn(batch, 4, size, size);
                Tensor context = torch.randn(batch, 77, ctxDim);
                Tensor t = torch.randint(1000, new long[]{batch});
                Tensor loss = torch.mse_loss(unet.forward(latents, t, context), noise);
                opt.zero_grad();
                loss.backward();
                opt.step();
                loss.item_float();
            }
            if (i >= warmup) ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
        }
        return result(name, "ms/step", ms, trained);
    }

    static BenchResult sample(String name, UNetConfig config, int size, int ctxDim, int steps, int warmup, int reps) {
        Torch.seed(0);
        UNet2DConditionModel unet = UNets.build(config);
        dev.petal.tensor.NativeMalloc.forSampling(unet.parameterCount()); // as TextToImage.generate does
        double[] s = new double[reps];
        try (NoGrad g = NoGrad.open()) {
            Tensor cond = torch.randn(1, 77, ctxDim), uncond = torch.randn(1, 77, ctxDim);
            Tensor context = torch.cat(new TensorVector(uncond, cond), 0);
            for (int i = 0; i < warmup + reps; i++) {
                long t0 = System.nanoTime();
                try (Scope scope = Scope.open(); Sampler sampler = Samplers.create("dpmpp-2m", steps)) {
                    Tensor x = torch.randn(1, 4, size, size).mul(new Scalar(sampler.initNoiseSigma()));
                    for (int k = 0; k < sampler.numSteps(); k++) {
                        try (Scope step = Scope.open()) {
                            Tensor in = sampler.scaleModelInput(torch.cat(new TensorVector(x, x), 0), k);
                            Tensor eps = TextToImage.guide(unet.forward(in, sampler.timestep(k), context), 7.0);
                            x = step.keep(sampler.step(eps, k, x).prevSample());
                        }
                    }
                    x.sum().item_float();
                }
                if (i >= warmup) s[i - warmup] = (System.nanoTime() - t0) / 1e9;
            }
        }
        return result(name, "s/image", s, 0);
    }

    static BenchResult forward(String name, UNetConfig config, int size, int ctxDim, int warmup, int reps) {
        Torch.seed(0);
        UNet2DConditionModel unet = UNets.build(config);
        double[] ms = new double[reps];
        try (NoGrad g = NoGrad.open()) {
            for (int i = 0; i < warmup + reps; i++) {
                long t0 = System.nanoTime();
                try (Scope s = Scope.open()) {
                    unet.forward(torch.randn(1, 4, size, size), torch.randint(1000, new long[]{1}), torch.randn(1, 77, ctxDim)).sum().item_float();
                }
                if (i >= warmup) ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return result(name + " (" + String.format("%,d", unet.parameterCount()) + " params)", "ms", ms, 0);
    }

    private static BenchResult result(String name, String unit, double[] xs, long trained) {
        return new BenchResult(name, unit, Stats.median(xs), Stats.min(xs), Stats.max(xs), xs.length, Stats.peakRssMiB(), trained,
                Double.NaN, "threads " + Torch.threads() + ", BLAS " + Torch.blasThreads() + ", " + Torch.allocator());
    }
}
