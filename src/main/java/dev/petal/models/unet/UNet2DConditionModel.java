package dev.petal.models.unet;

import dev.petal.nn.Conv2d;
import dev.petal.nn.GroupNorm;
import dev.petal.nn.Module;
import dev.petal.nn.ModuleList;
import dev.petal.safetensors.Checkpoints;
import dev.petal.safetensors.TensorSource;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Stable Diffusion denoiser, built from a diffusers config with diffusers' module names:
 * time_proj/time_embedding, conv_in, down_blocks, mid_block, up_blocks, conv_norm_out, conv_out.
 * {@link #forward} predicts the noise (or v) for latents at the given timesteps under a text context.
 */
public final class UNet2DConditionModel extends Module {
    public final UNetConfig config;
    public final TimestepEmbedding timeEmbedding;
    public final Conv2d convIn;          // [C0, in, k, k]
    public final ModuleList<DownBlock> downBlocks;
    public final MidBlock midBlock;      // null when the config has no mid block
    public final ModuleList<UpBlock> upBlocks;
    public final GroupNorm convNormOut;
    public final Conv2d convOut;         // [out, C0, k, k]
    private final int upsamplers;

    public UNet2DConditionModel(UNetConfig c) {
        this.config = c;
        List<Integer> ch = c.blockOutChannels();
        int n = c.levels();
        this.convIn = registerModule("conv_in", new Conv2d(c.inChannels(), ch.get(0), c.convInKernel(), 1, (c.convInKernel() - 1) / 2, true));
        this.timeEmbedding = registerModule("time_embedding", new TimestepEmbedding(ch.get(0), c.timeEmbedDim()));
        this.downBlocks = registerModule("down_blocks", new ModuleList<>());
        int out = ch.get(0);
        for (int i = 0; i < n; i++) {
            int in = out;
            out = ch.get(i);
            downBlocks.add(new DownBlock(c, i, in, out, c.downBlockTypes().get(i).startsWith("CrossAttn"), i < n - 1));
        }
        this.upBlocks = registerModule("up_blocks", new ModuleList<>());
        int count = 0;
        out = ch.get(n - 1);
        for (int i = 0; i < n; i++) {
            int level = n - 1 - i;
            int prevOut = out;
            out = ch.get(level);
            int in = ch.get(Math.max(level - 1, 0));
            boolean addUpsample = i < n - 1;
            if (addUpsample) count++;
            upBlocks.add(new UpBlock(c, level, c.layersPerBlock().get(level) + 1, in, out, prevOut,
                    c.upBlockTypes().get(i).startsWith("CrossAttn"), addUpsample));
        }
        this.upsamplers = count;
        this.midBlock = c.midBlockType() == null ? null : registerModule("mid_block", new MidBlock(c));
        this.convNormOut = registerModule("conv_norm_out", new GroupNorm(c.normNumGroups(), ch.get(0), c.normEps()));
        this.convOut = registerModule("conv_out", new Conv2d(ch.get(0), c.outChannels(), c.convOutKernel(), 1, (c.convOutKernel() - 1) / 2, true));
    }

    /** Builds the model of a diffusers {@code unet/} folder and loads its weights (strictly). */
    public static UNet2DConditionModel load(Path dir) {
        return load(dir, null);
    }

    /** Loads a diffusers folder; {@code variant} picks e.g. the fp16 weight files (converted to fp32 on load). */
    public static UNet2DConditionModel load(Path dir, String variant) {
        UNet2DConditionModel m = new UNet2DConditionModel(UNetConfig.load(dir.resolve("config.json")));
        try (TensorSource weights = Checkpoints.open(dir, variant)) {
            m.loadStateDict(weights, true);
        }
        return m;
    }

    /** True when {@code dir} looks like a diffusers UNet folder. */
    public static boolean isModelDir(Path dir) {
        return Files.isRegularFile(dir.resolve("config.json"));
    }

    /**
     * sample [B, in, H, W]; timesteps: 0-d (broadcast) or [B], integer or fractional; context [B, M, crossDim]
     * → [B, out, H, W].
     */
    public Tensor forward(Tensor sample, Tensor timesteps, Tensor context) {
        return forward(sample, timesteps, context, null);
    }

    /** As {@link #forward(Tensor, Tensor, Tensor)}, recording top-level module outputs into {@code trace}. */
    public Tensor forward(Tensor sample, Tensor timesteps, Tensor context, Map<String, Tensor> trace) {
        long batch = sample.size(0);
        timesteps = timesteps.to(sample.device(), timesteps.scalar_type());
        Tensor t = timesteps.dim() == 0 ? timesteps.unsqueeze(0).expand(batch) : timesteps;
        Tensor tProj = TimestepEmbedding.sinusoid(t, config.blockOutChannels().get(0), config.flipSinToCos(), config.freqShift())
                .to(sample.scalar_type());
        record(trace, "time_proj", tProj);
        Tensor emb = record(trace, "time_embedding", timeEmbedding.forward(tProj));
        if (config.centerInputSample()) sample = sample.mul(new Scalar(2.0)).sub(new Scalar(1.0));
        Tensor x = record(trace, "conv_in", convIn.forward(sample));

        List<Tensor> skips = new ArrayList<>();
        skips.add(x);
        for (int i = 0; i < downBlocks.size(); i++) {
            x = record(trace, "down_blocks." + i, downBlocks.get(i).forward(x, emb, context, skips));
        }
        if (midBlock != null) x = record(trace, "mid_block", midBlock.forward(x, emb, context));
        long factor = 1L << upsamplers;
        boolean matchSkipSize = sample.size(2) % factor != 0 || sample.size(3) % factor != 0;
        for (int i = 0; i < upBlocks.size(); i++) {
            x = record(trace, "up_blocks." + i, upBlocks.get(i).forward(x, emb, context, skips, matchSkipSize));
        }
        x = record(trace, "conv_norm_out", convNormOut.forward(x));
        return record(trace, "conv_out", convOut.forward(torch.silu(x)));
    }

    private static Tensor record(Map<String, Tensor> trace, String name, Tensor value) {
        if (trace != null) trace.put(name, value);
        return value;
    }
}
