package dev.petal.models.loading;

import dev.petal.models.clip.ClipTextConfig;
import dev.petal.models.unet.UNetConfig;
import dev.petal.models.vae.VaeConfig;

/**
 * Choices for loading a single-file checkpoint; every null means "detect, or use the bundled default".
 *
 * @param version        SD 1.x or 2.x (null: from the UNet's cross-attention width)
 * @param predictionType "epsilon" or "v_prediction" (null: the version's default, v_prediction for 2.x)
 * @param unet           UNet config (null: bundled SD 1.x / 2.1)
 * @param vae            VAE config (null: bundled SD VAE)
 * @param textEncoder    text encoder config (null: bundled CLIP ViT-L/14 or OpenCLIP ViT-H/14, by the keys found)
 */
public record LoadOptions(SdVersion version, String predictionType, UNetConfig unet, VaeConfig vae, ClipTextConfig textEncoder) {
    public LoadOptions {
        if (predictionType != null && !predictionType.equals(SingleFileCheckpoint.EPSILON)
                && !predictionType.equals(SingleFileCheckpoint.V_PREDICTION)) {
            throw new IllegalArgumentException("prediction type must be epsilon or v_prediction, got " + predictionType);
        }
    }

    public static LoadOptions defaults() {
        return new LoadOptions(null, null, null, null, null);
    }

    public LoadOptions withVersion(SdVersion v) {
        return new LoadOptions(v, predictionType, unet, vae, textEncoder);
    }

    public LoadOptions withPredictionType(String p) {
        return new LoadOptions(version, p, unet, vae, textEncoder);
    }

    public LoadOptions withUnet(UNetConfig c) {
        return new LoadOptions(version, predictionType, c, vae, textEncoder);
    }

    public LoadOptions withVae(VaeConfig c) {
        return new LoadOptions(version, predictionType, unet, c, textEncoder);
    }

    public LoadOptions withTextEncoder(ClipTextConfig c) {
        return new LoadOptions(version, predictionType, unet, vae, c);
    }
}
