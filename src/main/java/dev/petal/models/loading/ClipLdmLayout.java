package dev.petal.models.loading;

import dev.petal.safetensors.TensorSource;

/**
 * SD 1.x's text encoder: a transformers CLIPTextModel stored whole under {@code cond_stage_model.transformer.},
 * so keys only lose that prefix (diffusers' {@code convert_ldm_clip_checkpoint}). Some older files lack the
 * {@code text_model.} level ({@code cond_stage_model.transformer.encoder.…}); both spellings load. The
 * {@code position_ids} buffer is derived, not a weight, and is skipped.
 */
public final class ClipLdmLayout implements LdmLayout {
    public static final String PREFIX = "cond_stage_model.transformer.";
    private static final String TEXT_MODEL = "text_model.";

    private final boolean withTextModelLevel;

    private ClipLdmLayout(boolean withTextModelLevel) {
        this.withTextModelLevel = withTextModelLevel;
    }

    /** The layout of {@code checkpoint}'s SD 1.x text encoder (with or without the text_model level). */
    public static ClipLdmLayout of(TensorSource checkpoint) {
        boolean legacy = !LdmLoader.hasPrefix(checkpoint, PREFIX + TEXT_MODEL) && LdmLoader.hasPrefix(checkpoint, PREFIX + "encoder.");
        return new ClipLdmLayout(!legacy);
    }

    @Override
    public String scope() {
        return PREFIX;
    }

    @Override
    public LdmSource source(String key) {
        if (withTextModelLevel) return LdmSource.whole(PREFIX + key);
        return key.startsWith(TEXT_MODEL) ? LdmSource.whole(PREFIX + key.substring(TEXT_MODEL.length())) : null;
    }

    @Override
    public boolean ignored(String checkpointKey) {
        return checkpointKey.endsWith("embeddings.position_ids");
    }
}
