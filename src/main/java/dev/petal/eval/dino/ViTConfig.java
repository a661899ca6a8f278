package dev.petal.eval.dino;

import dev.petal.models.ConfigReader;

import java.nio.file.Path;

/** transformers' ViTConfig ({@code model_type} "vit"): the layout of the DINO ViT checkpoints (facebook/dino-vit*). */
public record ViTConfig(int hiddenSize, int numHiddenLayers, int numAttentionHeads, int intermediateSize, double layerNormEps,
                        int imageSize, int patchSize, int numChannels, boolean qkvBias) {

    public static ViTConfig load(Path file) {
        ConfigReader r = ConfigReader.open(file);
        r.requireValue("model_type", "vit");
        r.requireValue("hidden_act", "gelu");
        int hidden = r.integer("hidden_size", 768);
        int heads = r.integer("num_attention_heads", 12);
        if (hidden % heads != 0) throw r.error("hidden_size " + hidden + " is not divisible by num_attention_heads " + heads);
        int image = r.integer("image_size", 224);
        int patch = r.integer("patch_size", 16);
        if (image % patch != 0) throw r.error("image_size " + image + " is not a multiple of patch_size " + patch);
        return new ViTConfig(hidden, r.integer("num_hidden_layers", 12), heads, r.integer("intermediate_size", 3072),
                r.number("layer_norm_eps", 1e-12), image, patch, r.integer("num_channels", 3), r.bool("qkv_bias", true));
    }

    public int numPatches() {
        return (imageSize / patchSize) * (imageSize / patchSize);
    }
}
