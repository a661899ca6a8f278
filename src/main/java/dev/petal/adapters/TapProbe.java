package dev.petal.adapters;

import dev.petal.models.unet.BasicTransformerBlock;
import dev.petal.models.unet.ResnetBlock2D;
import dev.petal.models.unet.TapPoint;
import dev.petal.models.unet.Taps;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.nn.Module;
import dev.petal.tensor.NoGrad;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an adapter would read at each position: one forward pass of the UNet with every block's taps recording,
 * per position, the tensor's RMS and its <em>spatial variation</em> — the RMS of its deviation from the mean over
 * positions (tokens of a transformer block, pixels of a ResBlock, text tokens for CA_c) divided by its RMS.
 * A variation near 0 means the tensor is nearly the same vector everywhere: an adapter reading it can only add a
 * per-image constant, whatever it learns. The paper's recipe reads CA_out, which in SD varies with the
 * cross-attention maps; in a model whose attention is nearly uniform it does not (docs/pretraining.md).
 */
public final class TapProbe {
    /** One block's statistics at one tap point. */
    public record Row(String block, TapPoint point, double rms, double spatialVariation) {
    }

    private TapProbe() {
    }

    /**
     * Runs {@code unet} once on latents [B, C, h, w], timesteps [B] and context [B, 77, D] and returns, in data-flow
     * order, a row per transformer block and tap point (SA_in … Trans_out) and per ResBlock (Res_in, Res_out).
     * The UNet's own taps are restored afterwards.
     */
    public static List<Row> run(UNet2DConditionModel unet, Tensor latents, Tensor timesteps, Tensor context) {
        List<Row> rows = new ArrayList<>();
        Map<BasicTransformerBlock, Taps> blocks = new LinkedHashMap<>();
        Map<ResnetBlock2D, Taps> resBlocks = new LinkedHashMap<>();
        for (Map.Entry<String, Module> e : unet.namedModules().entrySet()) {
            String name = e.getKey();
            if (e.getValue() instanceof BasicTransformerBlock b) {
                blocks.put(b, b.taps());
                b.setTaps(recording(name, b.taps(), rows));
            } else if (e.getValue() instanceof ResnetBlock2D r) {
                resBlocks.put(r, r.taps());
                r.setTaps(recording(name, r.taps(), rows));
            }
        }
        try (NoGrad g = NoGrad.open()) {
            unet.forward(latents, timesteps, context);
        } finally {
            blocks.forEach(BasicTransformerBlock::setTaps);
            resBlocks.forEach(ResnetBlock2D::setTaps);
        }
        return rows;
    }

    /**
     * {@link #run} on a pipeline: the UNet at {@code timestep} on standard-normal latents of its sample size (drawn
     * with {@code seed}), conditioned on {@code prompt}.
     */
    public static List<Row> forPrompt(dev.petal.pipeline.StableDiffusion sd, String prompt, int timestep, long seed) {
        Tensor context;
        try (NoGrad g = NoGrad.open()) {
            context = new dev.petal.pipeline.PromptEncoder(sd.tokenizer(), sd.textEncoder(), 0).encode(List.of(prompt));
        }
        var c = sd.unet().config;
        dev.petal.tensor.Torch.seed(seed);
        Tensor latents = org.bytedeco.pytorch.global.torch.randn(1, c.inChannels(), c.sampleSize(), c.sampleSize())
                .to(sd.device(), org.bytedeco.pytorch.global.torch.ScalarType.Float);
        Tensor t = dev.petal.tensor.Tensors.fromLongs(new long[]{timestep}, 1).to(sd.device(), org.bytedeco.pytorch.global.torch.ScalarType.Long);
        return run(sd.unet(), latents, t, context.to(sd.device(), org.bytedeco.pytorch.global.torch.ScalarType.Float));
    }

    /** Taps that add a row for each point they see, then do what {@code inner} does. */
    private static Taps recording(String block, Taps inner, List<Row> rows) {
        return (p, v) -> {
            rows.add(row(block, p, v));
            return inner.at(p, v);
        };
    }

    /** v: [B, N, D] (positions in dim 1) or [B, C, H, W] (positions in dims 2, 3). */
    private static Row row(String block, TapPoint p, Tensor v) {
        Tensor x = v.dim() == 4 ? v.flatten(2, 3).transpose(1, 2) : v; // → [B, N, D]
        double ms = x.pow(new Scalar(2)).mean().item_double();
        double dev = x.sub(x.mean(new long[]{1}, true, null)).pow(new Scalar(2)).mean().item_double();
        return new Row(block, p, Math.sqrt(ms), ms > 0 ? Math.sqrt(dev / ms) : 0);
    }

    /** Mean spatial variation per tap point over all blocks, in {@link TapPoint} order. */
    public static Map<TapPoint, Double> meanVariation(List<Row> rows) {
        Map<TapPoint, double[]> acc = new java.util.EnumMap<>(TapPoint.class);
        for (Row r : rows) {
            double[] a = acc.computeIfAbsent(r.point(), k -> new double[2]);
            a[0] += r.spatialVariation();
            a[1]++;
        }
        Map<TapPoint, Double> out = new LinkedHashMap<>();
        acc.forEach((k, a) -> out.put(k, a[0] / a[1]));
        return out;
    }
}
