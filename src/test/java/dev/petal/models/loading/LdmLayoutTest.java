package dev.petal.models.loading;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Key names of the real SD 1.5 / 2.1 checkpoints (full-size configs; no model is built). */
class LdmLayoutTest {
    static final String U = "model.diffusion_model.";
    static final String V = "first_stage_model.";

    @Test
    void sd15UnetKeys() {
        LdmLayout l = new UnetLdmLayout(BundledConfigs.unet(SdVersion.V1));
        String[][] cases = {
                {"conv_in.weight", "input_blocks.0.0.weight"},
                {"time_embedding.linear_2.bias", "time_embed.2.bias"},
                {"down_blocks.0.attentions.1.proj_in.weight", "input_blocks.2.1.proj_in.weight"},
                {"down_blocks.1.resnets.0.conv_shortcut.weight", "input_blocks.4.0.skip_connection.weight"},
                {"down_blocks.2.downsamplers.0.conv.weight", "input_blocks.9.0.op.weight"},
                {"down_blocks.3.resnets.1.conv2.weight", "input_blocks.11.0.out_layers.3.weight"},
                {"mid_block.resnets.1.time_emb_proj.weight", "middle_block.2.emb_layers.1.weight"},
                {"mid_block.attentions.0.transformer_blocks.0.attn2.to_k.weight", "middle_block.1.transformer_blocks.0.attn2.to_k.weight"},
                {"up_blocks.0.resnets.2.norm1.weight", "output_blocks.2.0.in_layers.0.weight"},
                {"up_blocks.0.upsamplers.0.conv.weight", "output_blocks.2.1.conv.weight"},
                {"up_blocks.1.upsamplers.0.conv.weight", "output_blocks.5.2.conv.weight"},
                {"up_blocks.2.upsamplers.0.conv.bias", "output_blocks.8.2.conv.bias"},
                {"up_blocks.3.attentions.2.proj_out.weight", "output_blocks.11.1.proj_out.weight"},
                {"up_blocks.3.resnets.2.norm2.bias", "output_blocks.11.0.out_layers.0.bias"},
                {"conv_norm_out.weight", "out.0.weight"},
                {"conv_out.bias", "out.2.bias"}};
        for (String[] c : cases) assertEquals(LdmSource.whole(U + c[1]), l.source(c[0]), c[0]);
        assertNull(l.source("down_blocks.0.resnets.0.bogus.weight"));
    }

    @Test
    void sdVaeKeys() {
        LdmLayout l = new VaeLdmLayout(BundledConfigs.vae(), VaeLdmLayout.PREFIX);
        String[][] cases = {
                {"encoder.conv_norm_out.weight", "encoder.norm_out.weight"},
                {"encoder.down_blocks.3.resnets.1.conv2.weight", "encoder.down.3.block.1.conv2.weight"},
                {"encoder.down_blocks.0.downsamplers.0.conv.bias", "encoder.down.0.downsample.conv.bias"},
                {"encoder.mid_block.attentions.0.to_out.0.weight", "encoder.mid.attn_1.proj_out.weight"},
                {"decoder.mid_block.attentions.0.group_norm.bias", "decoder.mid.attn_1.norm.bias"},
                {"decoder.mid_block.resnets.1.conv1.weight", "decoder.mid.block_2.conv1.weight"},
                {"decoder.up_blocks.0.upsamplers.0.conv.weight", "decoder.up.3.upsample.conv.weight"},
                {"decoder.up_blocks.3.resnets.0.conv_shortcut.weight", "decoder.up.0.block.0.nin_shortcut.weight"},
                {"post_quant_conv.bias", "post_quant_conv.bias"}};
        for (String[] c : cases) assertEquals(LdmSource.whole(V + c[1]), l.source(c[0]), c[0]);
    }

    @Test
    void sd21OpenClipKeys() {
        OpenClipLdmLayout l = new OpenClipLdmLayout(23);
        String p = OpenClipLdmLayout.PREFIX;
        assertEquals(LdmSource.rows(p + "transformer.resblocks.22.attn.in_proj_weight", 2, 3),
                l.source("text_model.encoder.layers.22.self_attn.v_proj.weight"));
        assertEquals(LdmSource.rows(p + "transformer.resblocks.0.attn.in_proj_bias", 0, 3),
                l.source("text_model.encoder.layers.0.self_attn.q_proj.bias"));
        assertEquals(LdmSource.whole(p + "transformer.resblocks.0.mlp.c_proj.bias"), l.source("text_model.encoder.layers.0.mlp.fc2.bias"));
        assertEquals(LdmSource.whole(p + "positional_embedding"), l.source("text_model.embeddings.position_embedding.weight"));
        assertTrue(l.ignored(p + "transformer.resblocks.23.ln_1.weight"));
        assertFalse(l.ignored(p + "transformer.resblocks.22.ln_1.weight"));
        assertTrue(l.ignored(p + "text_projection"));
    }

    @Test
    void onlyConvLinearReshapesFit() {
        LdmSource whole = LdmSource.whole("w");
        assertTrue(LdmLoader.fits(new long[] {512, 512, 1, 1}, whole, new long[] {512, 512}));
        assertTrue(LdmLoader.fits(new long[] {512, 512}, whole, new long[] {512, 512, 1, 1}));
        assertFalse(LdmLoader.fits(new long[] {512, 1}, whole, new long[] {512}));
        assertFalse(LdmLoader.fits(new long[] {512, 256, 1, 1}, whole, new long[] {256, 512}));
        assertTrue(LdmLoader.fits(new long[] {3072, 1024}, LdmSource.rows("w", 1, 3), new long[] {1024, 1024}));
        assertFalse(LdmLoader.fits(new long[] {3072, 1024}, whole, new long[] {1024, 1024}));
    }
}
