package dev.petal.models.loading;

import dev.petal.safetensors.TensorEntry;
import dev.petal.safetensors.TensorSource;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Stable Diffusion 1.x or 2.x, told apart by the width of the text context the UNet's cross-attention reads
 * (CLIP ViT-L/14: 768, OpenCLIP ViT-H/14: 1024). The weights cannot tell whether a 2.x model predicts noise
 * (2.x-base, 512 px) or v (2.x, 768 px): the default is the bundled 2.1 (768-v) configuration, v-prediction.
 */
public enum SdVersion {
    V1(768, "unet-sd-v1.json", "text-clip-vit-l-14.json", SingleFileCheckpoint.EPSILON),
    V2(1024, "unet-sd-v2-1.json", "text-openclip-vit-h-14.json", SingleFileCheckpoint.V_PREDICTION);

    /** The key diffusers reads to tell the versions apart (its last dim is the context width). */
    public static final String PROBE = UnetLdmLayout.PREFIX + "input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight";

    public final int contextWidth;
    final String unetConfig;
    final String textConfig;
    public final String defaultPredictionType;

    SdVersion(int contextWidth, String unetConfig, String textConfig, String defaultPredictionType) {
        this.contextWidth = contextWidth;
        this.unetConfig = unetConfig;
        this.textConfig = textConfig;
        this.defaultPredictionType = defaultPredictionType;
    }

    public static Optional<SdVersion> ofContextWidth(long width) {
        for (SdVersion v : values()) if (v.contextWidth == width) return Optional.of(v);
        return Optional.empty();
    }

    /** The UNet's cross-attention context width: {@link #PROBE}'s, else that of the first attn2.to_k weight. */
    public static OptionalLong contextWidth(TensorSource checkpoint) {
        TensorEntry e = checkpoint.find(PROBE);
        if (e == null) {
            for (String n : checkpoint.names()) {
                if (n.startsWith(UnetLdmLayout.PREFIX) && n.endsWith(".attn2.to_k.weight")) {
                    e = checkpoint.find(n);
                    break;
                }
            }
        }
        return e == null || e.shape().length != 2 ? OptionalLong.empty() : OptionalLong.of(e.shape()[1]);
    }
}
