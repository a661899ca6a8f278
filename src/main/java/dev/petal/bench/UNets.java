package dev.petal.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.models.unet.UNetConfig;

import java.io.IOException;
import java.io.InputStream;

/** The UNet configurations of the benchmark workloads, with random (seeded) weights. */
final class UNets {
    /** W1's small SD-architecture UNet (shared/bench/WORKLOADS.md). */
    static final String TINY = """
            {"_class_name": "UNet2DConditionModel", "sample_size": 16, "in_channels": 4, "out_channels": 4,
             "block_out_channels": [64, 128, 256],
             "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
             "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
             "layers_per_block": 1, "attention_head_dim": 4, "cross_attention_dim": 128, "norm_num_groups": 32}""";

    private UNets() {
    }

    static UNetConfig tiny() {
        return parse(TINY, "W1 tiny");
    }

    /** SD 1.x (860 M parameters) or SD 2.1, from the configs bundled for single-file loading. */
    static UNetConfig bundled(String resource) {
        try (InputStream in = UNets.class.getResourceAsStream("/dev/petal/models/loading/" + resource)) {
            if (in == null) throw new IllegalStateException("missing bundled config " + resource);
            return parse(new String(in.readAllBytes()), resource);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static UNetConfig sd15() {
        return bundled("unet-sd-v1.json");
    }

    static UNetConfig sd21() {
        return bundled("unet-sd-v2-1.json");
    }

    static UNet2DConditionModel build(UNetConfig c) {
        return new UNet2DConditionModel(c);
    }

    private static UNetConfig parse(String json, String origin) {
        try {
            return UNetConfig.fromJson(new ObjectMapper().readTree(json), origin);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
