package dev.petal.models.clip;

import dev.petal.nn.Module;
import dev.petal.safetensors.Checkpoints;
import dev.petal.safetensors.TensorSource;
import org.bytedeco.pytorch.Tensor;

import java.nio.file.Path;

/** transformers' CLIPTextModel: the SD text encoder, a {@code text_model} child holding the transformer. */
public final class ClipTextModel extends Module {
    public final ClipTextTransformer textModel;

    public ClipTextModel(ClipTextConfig config) {
        this.textModel = registerModule("text_model", new ClipTextTransformer(config));
    }

    /** Loads a transformers {@code text_encoder/} folder (config.json + model.safetensors). */
    public static ClipTextModel load(Path dir) {
        return load(dir, ClipTextConfig.load(dir.resolve("config.json")));
    }

    public static ClipTextModel load(Path dir, ClipTextConfig config) {
        ClipTextModel m = new ClipTextModel(config);
        try (TensorSource weights = Checkpoints.open(dir)) {
            // transformers may store the position_ids buffer; it is derived, not a weight
            var report = m.loadStateDict(weights, false);
            var unexpected = report.unexpected().stream().filter(k -> !k.endsWith("position_ids")).toList();
            if (!report.missing().isEmpty() || !unexpected.isEmpty()) {
                throw new dev.petal.nn.StateDictException(new dev.petal.nn.LoadReport(report.origin(), report.missing(), unexpected, report.shapeMismatches()));
            }
        }
        return m;
    }

    public ClipTextConfig config() {
        return textModel.config;
    }

    public ClipTextTransformer.Output forward(Tensor ids, Tensor attentionMask) {
        return textModel.forward(ids, attentionMask);
    }
}
