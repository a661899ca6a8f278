package dev.petal.models.clip;

import dev.petal.nn.Init;
import dev.petal.nn.Linear;
import dev.petal.nn.LoadReport;
import dev.petal.nn.Module;
import dev.petal.nn.StateDictException;
import dev.petal.safetensors.Checkpoints;
import dev.petal.safetensors.TensorSource;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * transformers' CLIPModel — {@code text_model}, {@code vision_model}, {@code visual_projection},
 * {@code text_projection} (no biases) and {@code logit_scale} — or, with the same key names, a
 * CLIPVisionModelWithProjection / CLIPTextModelWithProjection (one tower and its projection).
 * Image and text embeddings are what {@code get_image_features} / {@code get_text_features} return.
 */
public final class ClipModel extends Module {
    public final ClipModelConfig config;
    public final ClipTextTransformer textModel;     // null without a text tower
    public final ClipVisionTransformer visionModel; // null without a vision tower
    public final Linear visualProjection;
    public final Linear textProjection;
    private final Tensor logitScale;                // 0-d log of the logit scale, or null

    public ClipModel(ClipModelConfig c) {
        this.config = c;
        this.textModel = c.text() == null ? null : registerModule("text_model", new ClipTextTransformer(c.text()));
        this.visionModel = c.vision() == null ? null : registerModule("vision_model", new ClipVisionTransformer(c.vision()));
        this.visualProjection = c.vision() == null ? null : registerModule("visual_projection", new Linear(c.vision().hiddenSize(), c.projectionDim(), false));
        this.textProjection = c.text() == null ? null : registerModule("text_projection", new Linear(c.text().hiddenSize(), c.projectionDim(), false));
        this.logitScale = c.logitScale() ? registerParameter("logit_scale", Init.zeros()) : null;
    }

    /** Loads a transformers CLIP folder ({@code config.json} + safetensors weights). */
    public static ClipModel load(Path dir) {
        Path config = dir.resolve("config.json");
        if (!Files.isRegularFile(config)) throw new IllegalArgumentException(dir + ": not a CLIP model folder (no config.json)");
        return load(config, dir);
    }

    /**
     * Loads the model {@code configFile} describes from {@code weights} (a file or folder). A one-tower config may
     * take its weights from a full CLIPModel checkpoint: the other tower's keys are ignored.
     */
    public static ClipModel load(Path configFile, Path weights) {
        ClipModel m = new ClipModel(ClipModelConfig.load(configFile));
        try (TensorSource source = Checkpoints.open(weights)) {
            LoadReport report = m.loadStateDict(source, false);
            List<String> unexpected = report.unexpected().stream().filter(k -> !m.ignorable(k)).toList();
            if (!report.missing().isEmpty() || !unexpected.isEmpty()) {
                throw new StateDictException(new LoadReport(report.origin(), report.missing(), unexpected, report.shapeMismatches()));
            }
        }
        m.eval();
        return m;
    }

    /** Derived buffers (position_ids) and the keys of a tower this model does not have. */
    private boolean ignorable(String key) {
        if (key.endsWith("position_ids")) return true;
        if (textModel == null && (key.startsWith("text_model.") || key.startsWith("text_projection."))) return true;
        if (visionModel == null && (key.startsWith("vision_model.") || key.startsWith("visual_projection."))) return true;
        return logitScale == null && key.equals("logit_scale");
    }

    /** get_image_features: visual_projection(pooled vision output) [B, projection_dim]. */
    public Tensor imageEmbeds(Tensor pixels) {
        if (visionModel == null) throw new IllegalStateException("this CLIP model has no vision tower");
        return visualProjection.forward(visionModel.forward(pixels).pooled());
    }

    /** get_text_features: text_projection(pooled text output) [B, projection_dim]. */
    public Tensor textEmbeds(Tensor ids, Tensor attentionMask) {
        if (textModel == null) throw new IllegalStateException("this CLIP model has no text tower");
        return textProjection.forward(textModel.forward(ids, attentionMask).pooled());
    }

    /** The stored log scale of the logits ({@code logit_scale} weight, not the config's init value). */
    public double logitScale() {
        if (logitScale == null) throw new IllegalStateException("only a full CLIPModel has logit_scale");
        return Tensors.toDoubles(logitScale)[0];
    }
}
