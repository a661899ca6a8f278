package dev.petal.pretrain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.petal.models.clip.ClipTextConfig;
import dev.petal.models.clip.ClipTextModel;
import dev.petal.tensor.Torch;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A synthetic emoji data root and a 16-pixel preset, small enough for each stage to run in seconds. */
final class TinyPretrain {
    static final int RES = 16;

    private TinyPretrain() {
    }

    static final String VAE = """
            {"_class_name": "AutoencoderKL", "block_out_channels": [8, 16],
             "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D"], "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D"],
             "latent_channels": 4, "layers_per_block": 1, "norm_num_groups": 4, "sample_size": 16, "scaling_factor": 1.0}""";

    static final String UNET = """
            {"_class_name": "UNet2DConditionModel", "sample_size": 8, "in_channels": 4, "out_channels": 4,
             "down_block_types": ["CrossAttnDownBlock2D", "DownBlock2D"], "mid_block_type": "UNetMidBlock2DCrossAttn",
             "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D"], "block_out_channels": [16, 32], "layers_per_block": 1,
             "attention_head_dim": 2, "cross_attention_dim": 16, "norm_num_groups": 8}""";

    static final String TEXT = """
            {"architectures": ["CLIPTextModel"], "model_type": "clip_text_model", "vocab_size": 49408, "hidden_size": 16,
             "intermediate_size": 32, "num_hidden_layers": 1, "num_attention_heads": 2, "max_position_embeddings": 77,
             "hidden_act": "quick_gelu", "layer_norm_eps": 1e-05, "eos_token_id": 2, "projection_dim": 16}""";

    static final String CLIP = """
            {"model_type": "clip", "projection_dim": 8, "logit_scale_init_value": 2.6592,
             "text_config": {"vocab_size": 49408, "hidden_size": 16, "intermediate_size": 32, "num_hidden_layers": 1,
                             "num_attention_heads": 2, "max_position_embeddings": 77, "eos_token_id": 2, "projection_dim": 8},
             "vision_config": {"hidden_size": 16, "intermediate_size": 32, "num_hidden_layers": 1, "num_attention_heads": 2,
                               "image_size": 16, "patch_size": 4, "projection_dim": 8}}""";

    static PretrainPreset preset(String dtype) {
        return new PretrainPreset("tiny-test", "16-pixel test model", RES, dtype,
                new PretrainPreset.Vae(VAE, 1e-6, optim(30, 4, 1e-2)),
                new PretrainPreset.Clip(CLIP, optim(40, 6, 3e-3)),
                new PretrainPreset.Unet(UNET, 0.1, 0.2, optim(30, 2, 1e-3)));
    }

    static Optim optim(int steps, int batch, double lr) {
        return new Optim(steps, batch, lr, "constant", 0, 0.0, 1.0, 0, 2);
    }

    private static final Color[] COLORS = {Color.RED, Color.BLUE, new Color(0, 160, 0), Color.ORANGE, Color.MAGENTA, Color.CYAN};

    /** DIR/{noto,twemoji}/{train,test}: {@code train} resp. {@code test} images of simple shapes with captions. */
    static Path data(Path dir, int train, int test) {
        try {
            for (String style : List.of("noto", "twemoji")) {
                int k = 0;
                for (String split : List.of("train", "test")) {
                    Path f = Files.createDirectories(dir.resolve(style).resolve(split));
                    List<String> lines = new ArrayList<>();
                    for (int i = 0; i < (split.equals("train") ? train : test); i++, k++) {
                        Color c = COLORS[k % COLORS.length];
                        boolean disc = (k / COLORS.length) % 2 == 0 ^ style.equals("twemoji");
                        BufferedImage img = new BufferedImage(RES, RES, BufferedImage.TYPE_INT_RGB);
                        var g = img.createGraphics();
                        g.setColor(Color.WHITE);
                        g.fillRect(0, 0, RES, RES);
                        g.setColor(c);
                        if (disc) g.fillOval(2, 2, 12, 12);
                        else g.fillRect(3, 3, 10, 10);
                        g.dispose();
                        String name = "e" + k + ".png";
                        ImageIO.write(img, "png", f.resolve(name).toFile());
                        lines.add("{\"file_name\":\"" + name + "\",\"text\":\"an emoji of a " + (disc ? "disc" : "square") + " " + k + "\"}");
                    }
                    Files.write(f.resolve("metadata.jsonl"), lines);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A randomly initialised 16-wide text encoder folder (a stand-in for the CLIP stage's output). */
    static Path textEncoder(Path dir) {
        ObjectNode json = PretrainPreset.parse(TEXT);
        Torch.seed(7);
        ClipTextModel m = new ClipTextModel(ModelFiles.viaFile(json, ClipTextConfig::load));
        ModelFiles.writeComponent(dir, json, ModelFiles.TRANSFORMERS_WEIGHTS, m.stateDict(), "fp32");
        return dir;
    }
}
