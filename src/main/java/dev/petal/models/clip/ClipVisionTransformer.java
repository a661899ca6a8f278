package dev.petal.models.clip;

import dev.petal.nn.Container;
import dev.petal.nn.LayerNorm;
import dev.petal.nn.Module;
import dev.petal.nn.ModuleList;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * CLIP's vision transformer ({@code vision_model.*}): embeddings, {@code pre_layrnorm} (transformers' spelling),
 * bidirectional pre-LN layers, and {@code post_layernorm} applied to the class token only.
 */
public final class ClipVisionTransformer extends Module {
    public final ClipVisionConfig config;
    public final ClipVisionEmbeddings embeddings;
    public final LayerNorm preLayerNorm;
    public final ModuleList<ClipEncoderLayer> layers;
    public final LayerNorm postLayerNorm;

    /**
     * @param lastHiddenState the last layer's output [B, N, D], not layer-normed
     * @param pooled          post_layernorm(last_hidden_state[:, 0]) [B, D]
     * @param hiddenStates    pre_layrnorm(embeddings), then each layer's output
     */
    public record Output(Tensor lastHiddenState, Tensor pooled, List<Tensor> hiddenStates) {
    }

    public ClipVisionTransformer(ClipVisionConfig c) {
        this.config = c;
        this.embeddings = registerModule("embeddings", new ClipVisionEmbeddings(c));
        this.preLayerNorm = registerModule("pre_layrnorm", new LayerNorm(c.hiddenSize(), c.layerNormEps()));
        Container encoder = registerModule("encoder", new Container());
        this.layers = encoder.add("layers", new ModuleList<>());
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            layers.add(new ClipEncoderLayer(c.hiddenSize(), c.intermediateSize(), c.numAttentionHeads(), c.layerNormEps(), c.hiddenAct()));
        }
        this.postLayerNorm = registerModule("post_layernorm", new LayerNorm(c.hiddenSize(), c.layerNormEps()));
    }

    /** pixel_values [B, C, S, S] (already preprocessed). */
    public Output forward(Tensor pixels) {
        Tensor h = preLayerNorm.forward(embeddings.forward(pixels));
        List<Tensor> states = new ArrayList<>();
        states.add(h);
        for (ClipEncoderLayer layer : layers) {
            h = layer.forward(h, null, false);
            states.add(h);
        }
        return new Output(h, postLayerNorm.forward(h.select(1, 0)), states);
    }
}
