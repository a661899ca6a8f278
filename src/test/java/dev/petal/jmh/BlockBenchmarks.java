package dev.petal.jmh;

import dev.petal.adapters.AdapterSpec;
import dev.petal.adapters.Adapters;
import dev.petal.models.unet.Attention;
import dev.petal.models.unet.ResnetBlock2D;
import dev.petal.models.unet.Transformer2DModel;
import dev.petal.schedulers.Sampler;
import dev.petal.schedulers.Samplers;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Scope;
import dev.petal.tensor.Torch;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Micro-benchmarks of the hot building blocks at SD-level-1 sizes (320 channels, 32×32 latents = 1,024 tokens,
 * context 77×768), forward and forward+backward, so regressions show up. Run with {@code scripts/jmh.sh}.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class BlockBenchmarks {
    Attention selfAttention;
    ResnetBlock2D resnet;
    Transformer2DModel transformer;
    Transformer2DModel transformerWithAdapter;
    Tensor tokens, feature, temb, context;

    @Setup(Level.Trial)
    public void setup() {
        Torch.seed(0);
        selfAttention = new Attention(320, 320, 8, 40);
        resnet = new ResnetBlock2D(320, 320, 1280, 32, 1e-5, 1.0);
        transformer = new Transformer2DModel(320, 8, 1, 768, 32, false, false);
        transformerWithAdapter = new Transformer2DModel(320, 8, 1, 768, 32, false, false);
        transformerWithAdapter.freezeAll();
        Adapters.attachOne(transformerWithAdapter.transformerBlocks.get(0), AdapterSpec.recipe(60));
        tokens = torch.randn(1, 1024, 320);
        feature = torch.randn(1, 320, 32, 32);
        temb = torch.randn(1, 1280);
        context = torch.randn(1, 77, 768);
    }

    @Benchmark
    public float attentionForward() {
        try (Scope s = Scope.open(); NoGrad g = NoGrad.open()) {
            return selfAttention.forward(tokens, null).sum().item_float();
        }
    }

    @Benchmark
    public float resnetForward() {
        try (Scope s = Scope.open(); NoGrad g = NoGrad.open()) {
            return resnet.forward(feature, temb).sum().item_float();
        }
    }

    @Benchmark
    public float transformerForward() {
        try (Scope s = Scope.open(); NoGrad g = NoGrad.open()) {
            return transformer.forward(feature, context).sum().item_float();
        }
    }

    /** The paper's recipe inside one transformer: frozen block, CA_out → FFN_in adapter, forward + backward. */
    @Benchmark
    public float transformerWithAdapterTrainStep() {
        try (Scope s = Scope.open()) {
            Tensor loss = transformerWithAdapter.forward(feature, context).pow(new org.bytedeco.pytorch.Scalar(2)).mean();
            loss.backward();
            return loss.item_float();
        }
    }

    @State(org.openjdk.jmh.annotations.Scope.Benchmark)
    public static class SamplerState {
        Sampler sampler;
        Tensor x, eps;
        int i;

        @Setup(Level.Iteration)
        public void setup() {
            sampler = Samplers.create("dpmpp-2m", 25);
            x = torch.randn(1, 4, 64, 64);
            eps = torch.randn(1, 4, 64, 64);
            i = 0;
        }
    }

    @Benchmark
    public Tensor schedulerStep(SamplerState st) {
        if (st.i == st.sampler.numSteps()) {
            st.sampler.close();
            st.sampler = Samplers.create("dpmpp-2m", 25);
            st.i = 0;
        }
        try (Scope s = Scope.open()) {
            return s.keep(st.sampler.step(st.eps, st.i++, st.x).prevSample());
        }
    }
}
