package dev.petal.models.clip;

import com.fasterxml.jackson.databind.JsonNode;
import dev.petal.models.ConfigReader;

import java.nio.file.Path;

/** A CLIP text tower's configuration (transformers' CLIPTextConfig, or the text_config of a CLIPConfig). */
public record ClipTextConfig(
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int maxPositionEmbeddings,
        String hiddenAct,      // quick_gelu (SD 1.x, openai) or gelu (SD 2.x, OpenCLIP)
        double layerNormEps,
        int eosTokenId,        // 2 = legacy: pooled at argmax(input_ids)
        int projectionDim) {

    public static ClipTextConfig load(Path file) {
        ConfigReader r = ConfigReader.open(file);
        JsonNode text = r.json().get("text_config");
        return from(text != null && text.isObject() ? new ConfigReader(text, file + " text_config") : r);
    }

    static ClipTextConfig from(ConfigReader r) {
        String act = r.string("hidden_act", "quick_gelu");
        if (!act.equals("quick_gelu") && !act.equals("gelu")) throw r.error("hidden_act " + act + " is not supported (quick_gelu, gelu)");
        int hidden = r.integer("hidden_size", 512);
        int heads = r.integer("num_attention_heads", 8);
        if (hidden % heads != 0) throw r.error("hidden_size " + hidden + " is not divisible by num_attention_heads " + heads);
        return new ClipTextConfig(r.integer("vocab_size", 49408), hidden, r.integer("intermediate_size", 2048),
                r.integer("num_hidden_layers", 12), heads, r.integer("max_position_embeddings", 77), act,
                r.number("layer_norm_eps", 1e-5), r.integer("eos_token_id", 2), r.integer("projection_dim", 512));
    }

    /** The same model with another activation (e.g. a gelu variant config over the same weights). */
    public ClipTextConfig withHiddenAct(String act) {
        return new ClipTextConfig(vocabSize, hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads,
                maxPositionEmbeddings, act, layerNormEps, eosTokenId, projectionDim);
    }
}
