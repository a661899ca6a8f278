package dev.petal.models.loading;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hand-written correspondences between the fixture models' diffusers keys and the original (LDM) single-file
 * layout, written out per fixture from the SD checkpoint layout, independently of the converter under test.
 * A {@link Block} maps every key under a diffusers module prefix to an LDM prefix; resnet blocks also rename
 * their first inner segment, VAE attention blocks rename their inner module (and store 1×1 conv weights).
 */
final class LdmFixtureKeys {
    private LdmFixtureKeys() {
    }

    enum Kind { SAME_INNER, UNET_RESNET, VAE_RESNET, VAE_ATTENTION }

    record Block(String diffusers, String ldm, Kind kind) {
    }

    static final Map<String, String> UNET_RESNET_INNER = Map.of(
            "norm1", "in_layers.0", "conv1", "in_layers.2", "time_emb_proj", "emb_layers.1",
            "norm2", "out_layers.0", "conv2", "out_layers.3", "conv_shortcut", "skip_connection");
    static final Map<String, String> VAE_RESNET_INNER = Map.of(
            "norm1", "norm1", "conv1", "conv1", "norm2", "norm2", "conv2", "conv2", "conv_shortcut", "nin_shortcut");
    static final Map<String, String> VAE_ATTENTION_INNER = Map.of(
            "group_norm", "norm", "to_q", "q", "to_k", "k", "to_v", "v", "to_out.0", "proj_out");

    private static Block same(String d, String l) {
        return new Block(d, l, Kind.SAME_INNER);
    }

    private static Block res(String d, String l) {
        return new Block(d, l, Kind.UNET_RESNET);
    }

    private static Block vres(String d, String l) {
        return new Block(d, l, Kind.VAE_RESNET);
    }

    private static Block vattn(String d, String l) {
        return new Block(d, l, Kind.VAE_ATTENTION);
    }

    private static List<Block> unet(Block... blocks) {
        List<Block> all = new ArrayList<>(List.of(
                same("time_embedding.linear_1", "time_embed.0"), same("time_embedding.linear_2", "time_embed.2"),
                same("conv_in", "input_blocks.0.0"), same("conv_norm_out", "out.0"), same("conv_out", "out.2"),
                res("mid_block.resnets.0", "middle_block.0"), same("mid_block.attentions.0", "middle_block.1"),
                res("mid_block.resnets.1", "middle_block.2")));
        all.addAll(List.of(blocks));
        return all;
    }

    /** unet/tiny: levels (CrossAttnDown, Down), 1 layer per block; up (Up, CrossAttnUp). */
    static final List<Block> UNET_TINY = unet(
            res("down_blocks.0.resnets.0", "input_blocks.1.0"), same("down_blocks.0.attentions.0", "input_blocks.1.1"),
            same("down_blocks.0.downsamplers.0.conv", "input_blocks.2.0.op"),
            res("down_blocks.1.resnets.0", "input_blocks.3.0"),
            res("up_blocks.0.resnets.0", "output_blocks.0.0"),
            res("up_blocks.0.resnets.1", "output_blocks.1.0"),
            same("up_blocks.0.upsamplers.0.conv", "output_blocks.1.1.conv"),
            res("up_blocks.1.resnets.0", "output_blocks.2.0"), same("up_blocks.1.attentions.0", "output_blocks.2.1"),
            res("up_blocks.1.resnets.1", "output_blocks.3.0"), same("up_blocks.1.attentions.1", "output_blocks.3.1"));

    /** unet/sd15_style: levels (CrossAttn, CrossAttn, Down), 2 layers per block; up (Up, CrossAttn, CrossAttn). */
    static final List<Block> UNET_SD15_STYLE = unet(
            res("down_blocks.0.resnets.0", "input_blocks.1.0"), same("down_blocks.0.attentions.0", "input_blocks.1.1"),
            res("down_blocks.0.resnets.1", "input_blocks.2.0"), same("down_blocks.0.attentions.1", "input_blocks.2.1"),
            same("down_blocks.0.downsamplers.0.conv", "input_blocks.3.0.op"),
            res("down_blocks.1.resnets.0", "input_blocks.4.0"), same("down_blocks.1.attentions.0", "input_blocks.4.1"),
            res("down_blocks.1.resnets.1", "input_blocks.5.0"), same("down_blocks.1.attentions.1", "input_blocks.5.1"),
            same("down_blocks.1.downsamplers.0.conv", "input_blocks.6.0.op"),
            res("down_blocks.2.resnets.0", "input_blocks.7.0"),
            res("down_blocks.2.resnets.1", "input_blocks.8.0"),
            res("up_blocks.0.resnets.0", "output_blocks.0.0"),
            res("up_blocks.0.resnets.1", "output_blocks.1.0"),
            res("up_blocks.0.resnets.2", "output_blocks.2.0"),
            same("up_blocks.0.upsamplers.0.conv", "output_blocks.2.1.conv"),
            res("up_blocks.1.resnets.0", "output_blocks.3.0"), same("up_blocks.1.attentions.0", "output_blocks.3.1"),
            res("up_blocks.1.resnets.1", "output_blocks.4.0"), same("up_blocks.1.attentions.1", "output_blocks.4.1"),
            res("up_blocks.1.resnets.2", "output_blocks.5.0"), same("up_blocks.1.attentions.2", "output_blocks.5.1"),
            same("up_blocks.1.upsamplers.0.conv", "output_blocks.5.2.conv"),
            res("up_blocks.2.resnets.0", "output_blocks.6.0"), same("up_blocks.2.attentions.0", "output_blocks.6.1"),
            res("up_blocks.2.resnets.1", "output_blocks.7.0"), same("up_blocks.2.attentions.1", "output_blocks.7.1"),
            res("up_blocks.2.resnets.2", "output_blocks.8.0"), same("up_blocks.2.attentions.2", "output_blocks.8.1"));

    /** unet/sd2_style: levels (CrossAttn, CrossAttn), 1 layer per block, linear proj_in/out; up (CrossAttn, CrossAttn). */
    static final List<Block> UNET_SD2_STYLE = unet(
            res("down_blocks.0.resnets.0", "input_blocks.1.0"), same("down_blocks.0.attentions.0", "input_blocks.1.1"),
            same("down_blocks.0.downsamplers.0.conv", "input_blocks.2.0.op"),
            res("down_blocks.1.resnets.0", "input_blocks.3.0"), same("down_blocks.1.attentions.0", "input_blocks.3.1"),
            res("up_blocks.0.resnets.0", "output_blocks.0.0"), same("up_blocks.0.attentions.0", "output_blocks.0.1"),
            res("up_blocks.0.resnets.1", "output_blocks.1.0"), same("up_blocks.0.attentions.1", "output_blocks.1.1"),
            same("up_blocks.0.upsamplers.0.conv", "output_blocks.1.2.conv"),
            res("up_blocks.1.resnets.0", "output_blocks.2.0"), same("up_blocks.1.attentions.0", "output_blocks.2.1"),
            res("up_blocks.1.resnets.1", "output_blocks.3.0"), same("up_blocks.1.attentions.1", "output_blocks.3.1"));

    static List<Block> unet(String fixture) {
        return switch (fixture) {
            case "tiny" -> UNET_TINY;
            case "sd15_style" -> UNET_SD15_STYLE;
            case "sd2_style" -> UNET_SD2_STYLE;
            default -> throw new IllegalArgumentException("no hand-written LDM layout for unet/" + fixture);
        };
    }

    private static List<Block> vae(Block... blocks) {
        List<Block> all = new ArrayList<>(List.of(
                same("quant_conv", "quant_conv"), same("post_quant_conv", "post_quant_conv")));
        for (String coder : List.of("encoder", "decoder")) {
            all.add(same(coder + ".conv_in", coder + ".conv_in"));
            all.add(same(coder + ".conv_out", coder + ".conv_out"));
            all.add(same(coder + ".conv_norm_out", coder + ".norm_out"));
            all.add(vres(coder + ".mid_block.resnets.0", coder + ".mid.block_1"));
            all.add(vres(coder + ".mid_block.resnets.1", coder + ".mid.block_2"));
            all.add(vattn(coder + ".mid_block.attentions.0", coder + ".mid.attn_1"));
        }
        all.addAll(List.of(blocks));
        return all;
    }

    /** vae/tiny: 2 levels, 1 resnet per encoder level (2 per decoder level); LDM counts decoder levels upwards. */
    static final List<Block> VAE_TINY = vae(
            vres("encoder.down_blocks.0.resnets.0", "encoder.down.0.block.0"),
            same("encoder.down_blocks.0.downsamplers.0.conv", "encoder.down.0.downsample.conv"),
            vres("encoder.down_blocks.1.resnets.0", "encoder.down.1.block.0"),
            vres("decoder.up_blocks.0.resnets.0", "decoder.up.1.block.0"),
            vres("decoder.up_blocks.0.resnets.1", "decoder.up.1.block.1"),
            same("decoder.up_blocks.0.upsamplers.0.conv", "decoder.up.1.upsample.conv"),
            vres("decoder.up_blocks.1.resnets.0", "decoder.up.0.block.0"),
            vres("decoder.up_blocks.1.resnets.1", "decoder.up.0.block.1"));

    /** vae/sd_style: 3 levels, 2 resnets per encoder level (3 per decoder level). */
    static final List<Block> VAE_SD_STYLE = vae(
            vres("encoder.down_blocks.0.resnets.0", "encoder.down.0.block.0"),
            vres("encoder.down_blocks.0.resnets.1", "encoder.down.0.block.1"),
            same("encoder.down_blocks.0.downsamplers.0.conv", "encoder.down.0.downsample.conv"),
            vres("encoder.down_blocks.1.resnets.0", "encoder.down.1.block.0"),
            vres("encoder.down_blocks.1.resnets.1", "encoder.down.1.block.1"),
            same("encoder.down_blocks.1.downsamplers.0.conv", "encoder.down.1.downsample.conv"),
            vres("encoder.down_blocks.2.resnets.0", "encoder.down.2.block.0"),
            vres("encoder.down_blocks.2.resnets.1", "encoder.down.2.block.1"),
            vres("decoder.up_blocks.0.resnets.0", "decoder.up.2.block.0"),
            vres("decoder.up_blocks.0.resnets.1", "decoder.up.2.block.1"),
            vres("decoder.up_blocks.0.resnets.2", "decoder.up.2.block.2"),
            same("decoder.up_blocks.0.upsamplers.0.conv", "decoder.up.2.upsample.conv"),
            vres("decoder.up_blocks.1.resnets.0", "decoder.up.1.block.0"),
            vres("decoder.up_blocks.1.resnets.1", "decoder.up.1.block.1"),
            vres("decoder.up_blocks.1.resnets.2", "decoder.up.1.block.2"),
            same("decoder.up_blocks.1.upsamplers.0.conv", "decoder.up.1.upsample.conv"),
            vres("decoder.up_blocks.2.resnets.0", "decoder.up.0.block.0"),
            vres("decoder.up_blocks.2.resnets.1", "decoder.up.0.block.1"),
            vres("decoder.up_blocks.2.resnets.2", "decoder.up.0.block.2"));

    static List<Block> vae(String fixture) {
        return switch (fixture) {
            case "tiny" -> VAE_TINY;
            case "sd_style" -> VAE_SD_STYLE;
            default -> throw new IllegalArgumentException("no hand-written LDM layout for vae/" + fixture);
        };
    }

    /** SD 1.x: the transformers CLIPTextModel stored whole under cond_stage_model.transformer. */
    static final List<Block> CLIP = List.of(same("text_model", "text_model"));

    /** SD 2.x OpenCLIP names of one CLIP encoder layer's modules (q/k/v are fused separately). */
    static final Map<String, String> OPENCLIP_LAYER = Map.of(
            "layer_norm1", "ln_1", "layer_norm2", "ln_2", "mlp.fc1", "mlp.c_fc", "mlp.fc2", "mlp.c_proj",
            "self_attn.out_proj", "attn.out_proj");
    static final Map<String, String> OPENCLIP_TOP = Map.of(
            "text_model.embeddings.token_embedding.weight", "token_embedding.weight",
            "text_model.embeddings.position_embedding.weight", "positional_embedding",
            "text_model.final_layer_norm.weight", "ln_final.weight",
            "text_model.final_layer_norm.bias", "ln_final.bias");
}
