package dev.petal.models.vae;

import dev.petal.models.ConfigReader;

import java.nio.file.Path;
import java.util.List;

/** An AutoencoderKL configuration from diffusers' {@code vae/config.json}. */
public record VaeConfig(
        int inChannels,
        int outChannels,
        int latentChannels,
        List<Integer> blockOutChannels,
        int layersPerBlock,
        int normNumGroups,
        double scalingFactor,
        double shiftFactor,
        boolean midBlockAddAttention,
        boolean useQuantConv,
        boolean usePostQuantConv,
        int sampleSize) {

    /** Spatial reduction from pixels to latents (2^(levels−1)). */
    public int downscale() {
        return 1 << (blockOutChannels.size() - 1);
    }

    public static VaeConfig load(Path file) {
        ConfigReader r = ConfigReader.open(file);
        r.expectClass("AutoencoderKL");
        r.requireValue("act_fn", "silu");
        List<Integer> ch = r.intList("block_out_channels", null);
        for (String t : r.stringList("down_block_types")) if (!t.equals("DownEncoderBlock2D")) throw r.error("unsupported down block " + t);
        for (String t : r.stringList("up_block_types")) if (!t.equals("UpDecoderBlock2D")) throw r.error("unsupported up block " + t);
        return new VaeConfig(r.integer("in_channels", 3), r.integer("out_channels", 3), r.integer("latent_channels", 4), ch,
                r.integer("layers_per_block", 1), r.integer("norm_num_groups", 32), r.number("scaling_factor", 0.18215),
                r.number("shift_factor", 0), r.bool("mid_block_add_attention", true),
                r.bool("use_quant_conv", true), r.bool("use_post_quant_conv", true), r.integer("sample_size", 512));
    }
}
