package dev.petal.models.clip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.petal.models.ConfigReader;

import java.nio.file.Path;

/**
 * What a CLIP {@code config.json} describes: a full CLIPModel ({@code model_type} "clip": both towers, their
 * projections and {@code logit_scale}), or one tower with its projection ("clip_vision_model" as saved by
 * CLIPVisionModelWithProjection, "clip_text_model" by CLIPTextModelWithProjection).
 *
 * @param text          the text tower, or null
 * @param vision        the vision tower, or null
 * @param projectionDim width of the shared embedding space
 * @param logitScale    whether the model has the {@code logit_scale} weight (only CLIPModel)
 */
public record ClipModelConfig(ClipTextConfig text, ClipVisionConfig vision, int projectionDim, boolean logitScale) {

    public static ClipModelConfig load(Path file) {
        ConfigReader r = ConfigReader.open(file);
        boolean full = r.has("text_config") || r.has("vision_config");
        String type = r.string("model_type", full ? "clip" : null);
        if (type == null) throw r.error("no model_type (expected clip, clip_vision_model or clip_text_model)");
        return switch (type) {
            case "clip" -> new ClipModelConfig(ClipTextConfig.from(section(r, file, "text_config")),
                    ClipVisionConfig.from(section(r, file, "vision_config")), r.integer("projection_dim", 512), true);
            case "clip_vision_model" -> {
                ClipVisionConfig v = ClipVisionConfig.from(r);
                yield new ClipModelConfig(null, v, v.projectionDim(), false);
            }
            case "clip_text_model" -> {
                ClipTextConfig t = ClipTextConfig.from(r);
                yield new ClipModelConfig(t, null, t.projectionDim(), false);
            }
            default -> throw r.error("model_type " + type + " is not a CLIP model (clip, clip_vision_model, clip_text_model)");
        };
    }

    /**
     * A tower's section: {@code text_config} / {@code vision_config}, overlaid with the legacy {@code *_config_dict}
     * of older checkpoints (openai/clip-vit-large-patch14 has both; the dict wins, as in transformers).
     */
    private static ConfigReader section(ConfigReader r, Path file, String key) {
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        JsonNode base = r.json().get(key);
        if (base != null && base.isObject()) merged.setAll((ObjectNode) base);
        JsonNode legacy = r.json().get(key + "_dict");
        if (legacy != null && legacy.isObject()) merged.setAll((ObjectNode) legacy);
        return new ConfigReader(merged, file + " " + key);
    }
}
