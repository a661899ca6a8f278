package dev.petal.pretrain;

import java.util.List;
import java.util.Map;

/**
 * The built-in from-scratch models. {@code emoji-tiny}: a Stable-Diffusion-architecture model for 64×64 emoji,
 * small enough to train on a 2-core CPU and to ship in the repository (models/emoji-tiny/README.md has the
 * measured figures).
 * <ul>
 *   <li>VAE: AutoencoderKL (32, 64, 64), one ResNet per level, no mid-block attention; f = 4, so a 64×64 image is a
 *       16×16×4 latent. L1 + KL with weight 1e-4 in LDM's convention (LDM's 1e-6 let the latents drift to ±80 and the
 *       reconstruction degrade after ~500 steps here); the posterior starts nearly deterministic.</li>
 *   <li>CLIP: text tower = CLIPTextModel (width 64, 4 layers, 4 heads, the bundled openai vocabulary, 77 positions),
 *       vision tower = ViT (width 128, 4 layers, patch 8 on 64×64), projection 64; symmetric InfoNCE.</li>
 *   <li>UNet: UNet2DConditionModel with SD's block types (CrossAttnDownBlock2D ×2, DownBlock2D,
 *       UNetMidBlock2DCrossAttn, UpBlock2D, CrossAttnUpBlock2D ×2), channels (64, 128, 192), one layer per block,
 *       4 heads, cross-attention width 64; ε-prediction on SD's scaled-linear schedule; 10 % empty captions.</li>
 * </ul>
 */
public final class PretrainPresets {
    public static final String DIFFUSERS_VERSION = "0.37.1";

    static final String EMOJI_TINY_VAE = """
            {"_class_name": "AutoencoderKL", "_diffusers_version": "0.37.1", "act_fn": "silu",
             "block_out_channels": [32, 64, 64],
             "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"],
             "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"],
             "in_channels": 3, "out_channels": 3, "latent_channels": 4, "layers_per_block": 1, "norm_num_groups": 16,
             "sample_size": 64, "scaling_factor": 1.0, "shift_factor": null, "latents_mean": null, "latents_std": null,
             "force_upcast": true, "mid_block_add_attention": false, "use_quant_conv": true, "use_post_quant_conv": true}""";

    static final String EMOJI_TINY_CLIP = """
            {"architectures": ["CLIPModel"], "model_type": "clip", "projection_dim": 64, "logit_scale_init_value": 2.6592,
             "initializer_factor": 1.0,
             "text_config": {"model_type": "clip_text_model", "vocab_size": 49408, "hidden_size": 64, "intermediate_size": 256,
                             "num_hidden_layers": 4, "num_attention_heads": 4, "max_position_embeddings": 77,
                             "hidden_act": "quick_gelu", "layer_norm_eps": 1e-05, "projection_dim": 64,
                             "bos_token_id": 0, "eos_token_id": 2, "pad_token_id": 1, "initializer_range": 0.02,
                             "initializer_factor": 1.0, "attention_dropout": 0.0},
             "vision_config": {"model_type": "clip_vision_model", "hidden_size": 128, "intermediate_size": 512,
                               "num_hidden_layers": 4, "num_attention_heads": 4, "num_channels": 3, "image_size": 64,
                               "patch_size": 8, "hidden_act": "quick_gelu", "layer_norm_eps": 1e-05, "projection_dim": 64,
                               "initializer_range": 0.02, "initializer_factor": 1.0, "attention_dropout": 0.0}}""";

    static final String EMOJI_TINY_UNET = """
            {"_class_name": "UNet2DConditionModel", "_diffusers_version": "0.37.1", "act_fn": "silu",
             "sample_size": 16, "in_channels": 4, "out_channels": 4, "center_input_sample": false,
             "flip_sin_to_cos": true, "freq_shift": 0,
             "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
             "mid_block_type": "UNetMidBlock2DCrossAttn",
             "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
             "block_out_channels": [64, 128, 192], "layers_per_block": 1, "transformer_layers_per_block": 1,
             "attention_head_dim": 4, "num_attention_heads": null, "cross_attention_dim": 64,
             "downsample_padding": 1, "mid_block_scale_factor": 1, "norm_num_groups": 32, "norm_eps": 1e-05,
             "use_linear_projection": false, "upcast_attention": false, "only_cross_attention": false,
             "dual_cross_attention": false, "class_embed_type": null, "addition_embed_type": null,
             "resnet_time_scale_shift": "default", "time_embedding_type": "positional",
             "conv_in_kernel": 3, "conv_out_kernel": 3}""";

    public static final PretrainPreset EMOJI_TINY = new PretrainPreset("emoji-tiny",
            "64×64 emoji, f=4 VAE (16×16×4 latents), CLIP text width 64, UNet (64, 128, 192)", 64, "fp16",
            new PretrainPreset.Vae(EMOJI_TINY_VAE, 1e-4,
                    new Optim(3000, 16, 4e-4, "cosine", 100, 0.0, 1.0, 250, 2)),
            new PretrainPreset.Clip(EMOJI_TINY_CLIP,
                    new Optim(1600, 128, 3e-4, "cosine", 100, 0.1, 1.0, 200, 2)),
            new PretrainPreset.Unet(EMOJI_TINY_UNET, 0.1, 0.2,
                    new Optim(3000, 32, 2e-4, "cosine", 200, 0.01, 1.0, 250, 2)));

    public static final Map<String, PretrainPreset> ALL = Map.of(EMOJI_TINY.name(), EMOJI_TINY);

    private PretrainPresets() {
    }

    public static PretrainPreset get(String name) {
        PretrainPreset p = ALL.get(name);
        if (p == null) throw new IllegalArgumentException("unknown preset '" + name + "' (valid: " + List.copyOf(ALL.keySet()) + ")");
        return p;
    }
}
