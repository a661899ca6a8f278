package dev.petal.eval.dino;

import dev.petal.eval.features.ModelWeights;
import dev.petal.nn.Container;
import dev.petal.nn.LayerNorm;
import dev.petal.nn.Module;
import dev.petal.nn.ModuleList;
import org.bytedeco.pytorch.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * transformers' ViTModel as the DINO checkpoints store it (no pooler): the image embedding is the [CLS] token of
 * the final-layernormed last hidden state.
 */
public final class ViTModel extends Module {
    public final ViTConfig config;
    public final ViTEmbeddings embeddings;
    public final ModuleList<ViTLayer> layers;
    public final LayerNorm layerNorm;

    /**
     * @param lastHiddenState after the final layernorm [B, N, D]
     * @param hiddenStates    embeddings, then each layer's output
     */
    public record Output(Tensor lastHiddenState, List<Tensor> hiddenStates) {
        /** The [CLS] embedding [B, D] (DINO's image feature). */
        public Tensor cls() {
            return lastHiddenState.select(1, 0);
        }
    }

    public ViTModel(ViTConfig c) {
        this.config = c;
        this.embeddings = registerModule("embeddings", new ViTEmbeddings(c));
        this.layers = registerModule("encoder", new Container()).add("layer", new ModuleList<>());
        for (int i = 0; i < c.numHiddenLayers(); i++) layers.add(new ViTLayer(c));
        this.layerNorm = registerModule("layernorm", new LayerNorm(c.hiddenSize(), c.layerNormEps()));
    }

    /** Loads a transformers ViT folder (config.json + safetensors); pooler weights, if stored, are not used. */
    public static ViTModel load(Path dir) {
        Path config = dir.resolve("config.json");
        if (!Files.isRegularFile(config)) throw new IllegalArgumentException(dir + ": not a ViT model folder (no config.json)");
        return ModelWeights.load(new ViTModel(ViTConfig.load(config)), dir, k -> k.startsWith("pooler."));
    }

    public Output forward(Tensor pixels) {
        Tensor h = embeddings.forward(pixels);
        List<Tensor> states = new ArrayList<>();
        states.add(h);
        for (ViTLayer layer : layers) {
            h = layer.forward(h);
            states.add(h);
        }
        return new Output(layerNorm.forward(h), states);
    }
}
