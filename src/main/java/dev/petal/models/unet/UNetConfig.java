package dev.petal.models.unet;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import dev.petal.models.ConfigReader;

import java.util.List;
import java.util.Set;

/**
 * The configuration of a UNet2DConditionModel, read from diffusers' {@code config.json}. Per-level values are
 * expanded to one entry per down block. Note diffusers' historic naming: {@code attention_head_dim} is the
 * number of heads when {@code num_attention_heads} is absent; head dim = channels / heads.
 */
public record UNetConfig(
        int sampleSize,
        int inChannels,
        int outChannels,
        boolean centerInputSample,
        boolean flipSinToCos,
        double freqShift,
        List<String> downBlockTypes,
        String midBlockType,        // "UNetMidBlock2DCrossAttn" or null
        List<String> upBlockTypes,
        List<Integer> blockOutChannels,
        List<Integer> layersPerBlock,
        List<Integer> transformerLayersPerBlock,
        int downsamplePadding,
        double midBlockScaleFactor,
        int normNumGroups,
        double normEps,
        int crossAttentionDim,
        List<Integer> numAttentionHeads, // per level (resolved from attention_head_dim when absent)
        boolean useLinearProjection,
        boolean upcastAttention,
        boolean onlyCrossAttention,
        int convInKernel,
        int convOutKernel) {

    public static final Set<String> DOWN_TYPES = Set.of("CrossAttnDownBlock2D", "DownBlock2D");
    public static final Set<String> UP_TYPES = Set.of("CrossAttnUpBlock2D", "UpBlock2D");

    public int levels() {
        return blockOutChannels.size();
    }

    public int timeEmbedDim() {
        return blockOutChannels.get(0) * 4;
    }

    public static UNetConfig load(Path file) {
        return from(ConfigReader.open(file));
    }

    public static UNetConfig fromJson(JsonNode j, String origin) {
        return from(new ConfigReader(j, origin));
    }

    static UNetConfig from(ConfigReader r) {
        r.expectClass("UNet2DConditionModel");
        r.requireAbsentOrNull("class_embed_type", "addition_embed_type", "encoder_hid_dim", "time_cond_proj_dim");
        r.requireValue("time_embedding_type", "positional");
        r.requireValue("resnet_time_scale_shift", "default");
        r.requireValue("act_fn", "silu");
        r.requireFalse("dual_cross_attention");
        List<Integer> channels = r.intList("block_out_channels", null);
        int n = channels.size();
        List<String> down = r.stringList("down_block_types");
        List<String> up = r.stringList("up_block_types");
        if (down.size() != n || up.size() != n) {
            throw r.error("down_block_types (" + down.size() + ") and up_block_types (" + up.size()
                    + ") must match block_out_channels (" + n + ")");
        }
        for (String t : down) if (!DOWN_TYPES.contains(t)) throw r.error("unsupported down block type " + t + " (supported: " + DOWN_TYPES + ")");
        for (String t : up) if (!UP_TYPES.contains(t)) throw r.error("unsupported up block type " + t + " (supported: " + UP_TYPES + ")");
        String mid = r.string("mid_block_type", "UNetMidBlock2DCrossAttn");
        if (mid != null && !mid.equals("UNetMidBlock2DCrossAttn")) throw r.error("unsupported mid_block_type " + mid);
        List<Integer> heads = r.has("num_attention_heads") ? r.intList("num_attention_heads", n) : r.intList("attention_head_dim", n);
        for (int i = 0; i < n; i++) {
            if (channels.get(i) % heads.get(i) != 0) {
                throw r.error("block_out_channels[" + i + "]=" + channels.get(i) + " is not divisible by " + heads.get(i) + " heads");
            }
        }
        return new UNetConfig(
                r.integer("sample_size", 64), r.integer("in_channels", 4), r.integer("out_channels", 4),
                r.bool("center_input_sample", false), r.bool("flip_sin_to_cos", true), r.number("freq_shift", 0),
                down, mid, up, channels,
                r.intList("layers_per_block", n, 2), r.intList("transformer_layers_per_block", n, 1),
                r.integer("downsample_padding", 1), r.number("mid_block_scale_factor", 1),
                r.integer("norm_num_groups", 32), r.number("norm_eps", 1e-5),
                r.integer("cross_attention_dim", 1280), heads,
                r.bool("use_linear_projection", false), r.bool("upcast_attention", false),
                r.bool("only_cross_attention", false),
                r.integer("conv_in_kernel", 3), r.integer("conv_out_kernel", 3));
    }
}
