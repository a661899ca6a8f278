package dev.petal.models.clip;

import dev.petal.models.ConfigReader;

/** A CLIP vision tower's configuration (transformers' CLIPVisionConfig, or the vision_config of a CLIPConfig). */
public record ClipVisionConfig(
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numChannels,
        int imageSize,
        int patchSize,
        String hiddenAct,
        double layerNormEps,
        int projectionDim) {

    /** Reads the fields with transformers' defaults (those of openai/clip-vit-base-patch32). */
    static ClipVisionConfig from(ConfigReader r) {
        String act = r.string("hidden_act", "quick_gelu");
        if (!act.equals("quick_gelu") && !act.equals("gelu")) throw r.error("hidden_act " + act + " is not supported (quick_gelu, gelu)");
        int hidden = r.integer("hidden_size", 768);
        int heads = r.integer("num_attention_heads", 12);
        if (hidden % heads != 0) throw r.error("hidden_size " + hidden + " is not divisible by num_attention_heads " + heads);
        int image = r.integer("image_size", 224);
        int patch = r.integer("patch_size", 32);
        if (image % patch != 0) throw r.error("image_size " + image + " is not a multiple of patch_size " + patch);
        return new ClipVisionConfig(hidden, r.integer("intermediate_size", 3072), r.integer("num_hidden_layers", 12), heads,
                r.integer("num_channels", 3), image, patch, act, r.number("layer_norm_eps", 1e-5), r.integer("projection_dim", 512));
    }

    /** Patches per image, without the class token. */
    public int numPatches() {
        return (imageSize / patchSize) * (imageSize / patchSize);
    }
}
