package dev.petal.models.loading;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SD 2.x's text encoder: the OpenCLIP ViT-H/14 text tower under {@code cond_stage_model.model.}, mapped to CLIP
 * names as diffusers' {@code convert_open_clip_checkpoint} does: {@code token_embedding},
 * {@code positional_embedding}, {@code ln_final}, and per {@code transformer.resblocks.N}: {@code ln_1/ln_2 →
 * layer_norm1/2}, {@code mlp.c_fc/c_proj → mlp.fc1/fc2}, {@code attn.out_proj → self_attn.out_proj}, and the
 * fused {@code attn.in_proj_weight/bias} split by rows into q, k, v.
 *
 * <p>SD 2 conditions on the penultimate layer, so diffusers' text encoder has one layer fewer than the checkpoint
 * (23 of 24): the checkpoint's layer at index {@code num_hidden_layers} is skipped, and so are
 * {@code text_projection} and {@code logit_scale}, which the SD text encoder does not use.
 */
public final class OpenClipLdmLayout implements LdmLayout {
    public static final String PREFIX = "cond_stage_model.model.";
    private static final String BLOCKS = PREFIX + "transformer.resblocks.";

    private static final Map<String, String> TOP = Map.of(
            "text_model.embeddings.token_embedding.weight", "token_embedding.weight",
            "text_model.embeddings.position_embedding.weight", "positional_embedding",
            "text_model.final_layer_norm.weight", "ln_final.weight",
            "text_model.final_layer_norm.bias", "ln_final.bias");
    private static final Map<String, String> LAYER = Map.of(
            "layer_norm1", "ln_1",
            "layer_norm2", "ln_2",
            "mlp.fc1", "mlp.c_fc",
            "mlp.fc2", "mlp.c_proj",
            "self_attn.out_proj", "attn.out_proj");
    private static final Pattern LAYER_KEY = Pattern.compile("text_model\\.encoder\\.layers\\.(\\d+)\\.(.+)\\.(weight|bias)");
    private static final Pattern QKV = Pattern.compile("self_attn\\.([qkv])_proj");

    private final int layers;

    /** @param layers the text encoder's num_hidden_layers (23 for SD 2.x) */
    public OpenClipLdmLayout(int layers) {
        this.layers = layers;
    }

    @Override
    public String scope() {
        return PREFIX;
    }

    @Override
    public LdmSource source(String key) {
        String top = TOP.get(key);
        if (top != null) return LdmSource.whole(PREFIX + top);
        Matcher m = LAYER_KEY.matcher(key);
        if (!m.matches()) return null;
        String block = BLOCKS + m.group(1) + ".";
        String module = m.group(2), param = m.group(3);
        Matcher qkv = QKV.matcher(module);
        if (qkv.matches()) return LdmSource.rows(block + "attn.in_proj_" + param, "qkv".indexOf(qkv.group(1)), 3);
        String ldm = LAYER.get(module);
        return ldm == null ? null : LdmSource.whole(block + ldm + "." + param);
    }

    @Override
    public boolean ignored(String key) {
        return key.equals(PREFIX + "text_projection") || key.equals(PREFIX + "logit_scale")
                || key.startsWith(BLOCKS + layers + ".");
    }
}
