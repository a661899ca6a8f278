package dev.petal.models.unet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        try {
            return fromJson(new ObjectMapper().readTree(Files.readString(file)), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read UNet config: " + e.getMessage(), e);
        }
    }

    public static UNetConfig fromJson(JsonNode j, String origin) {
        ConfigReader r = new ConfigReader(j, origin);
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

    /** Small typed reads over a diffusers config with errors that name the file and the field. */
    static final class ConfigReader {
        private final JsonNode j;
        private final String origin;

        ConfigReader(JsonNode j, String origin) {
            this.j = j;
            this.origin = origin;
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException(origin + ": " + message);
        }

        boolean has(String key) {
            return j.has(key) && !j.get(key).isNull();
        }

        void expectClass(String cls) {
            if (has("_class_name") && !j.get("_class_name").asText().equals(cls)) {
                throw error("_class_name is " + j.get("_class_name").asText() + ", expected " + cls);
            }
        }

        void requireAbsentOrNull(String... keys) {
            for (String k : keys) if (has(k)) throw error(k + " = " + j.get(k) + " is not supported (SD 1.x/2.x UNets leave it null)");
        }

        void requireValue(String key, String value) {
            if (has(key) && !j.get(key).asText().equals(value)) throw error(key + " = " + j.get(key) + " is not supported (only " + value + ")");
        }

        void requireFalse(String key) {
            if (has(key) && j.get(key).asBoolean()) throw error(key + " = true is not supported");
        }

        int integer(String key, int def) {
            if (!has(key)) return def;
            JsonNode v = j.get(key);
            if (!v.isIntegralNumber()) throw error(key + " must be an integer, got " + v);
            return v.intValue();
        }

        double number(String key, double def) {
            if (!has(key)) return def;
            JsonNode v = j.get(key);
            if (!v.isNumber()) throw error(key + " must be a number, got " + v);
            return v.doubleValue();
        }

        boolean bool(String key, boolean def) {
            if (!has(key)) return def;
            JsonNode v = j.get(key);
            if (!v.isBoolean()) throw error(key + " must be true/false, got " + v + " (per-block lists are not supported)");
            return v.booleanValue();
        }

        String string(String key, String def) {
            if (!j.has(key)) return def;
            return j.get(key).isNull() ? null : j.get(key).asText();
        }

        List<String> stringList(String key) {
            if (!has(key) || !j.get(key).isArray()) throw error(key + " must be a list of strings");
            List<String> out = new ArrayList<>();
            j.get(key).forEach(v -> out.add(v.asText()));
            return List.copyOf(out);
        }

        /** An int or a list of ints expanded to {@code n} entries (n null: a list of any length). */
        List<Integer> intList(String key, Integer n) {
            return intList(key, n, null);
        }

        List<Integer> intList(String key, Integer n, Integer def) {
            if (!has(key)) {
                if (def == null) throw error("missing " + key);
                return java.util.Collections.nCopies(n, def);
            }
            JsonNode v = j.get(key);
            List<Integer> out = new ArrayList<>();
            if (v.isIntegralNumber()) {
                if (n == null) throw error(key + " must be a list");
                for (int i = 0; i < n; i++) out.add(v.intValue());
            } else if (v.isArray()) {
                v.forEach(x -> {
                    if (!x.isIntegralNumber()) throw error(key + " must hold integers, got " + v);
                    out.add(x.intValue());
                });
                if (n != null && out.size() != n) throw error(key + " has " + out.size() + " entries, expected " + n);
            } else {
                throw error(key + " must be an integer or a list, got " + v);
            }
            for (int x : out) if (x <= 0) throw error(key + " entries must be positive, got " + v);
            return List.copyOf(out);
        }
    }
}
