package dev.petal.models.clip;

import dev.petal.nn.Container;
import dev.petal.nn.Embedding;
import dev.petal.nn.LayerNorm;
import dev.petal.nn.Module;
import dev.petal.nn.ModuleList;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.ArrayList;
import java.util.List;

/**
 * CLIP's text transformer ({@code text_model.*}): token + position embeddings, causal pre-LN layers, final
 * LayerNorm, pooled output at the EOS position.
 */
public final class ClipTextTransformer extends Module {
    public final ClipTextConfig config;
    public final Embedding tokenEmbedding;    // [vocab, D]
    public final Embedding positionEmbedding; // [77, D]
    public final ModuleList<ClipEncoderLayer> layers;
    public final LayerNorm finalLayerNorm;

    /**
     * @param lastHiddenState final_layer_norm(last layer) [B, N, D]: SD's prompt embeddings
     * @param pooled          last_hidden_state at each sequence's EOS position [B, D]
     * @param hiddenStates    embeddings, then each layer's output before the final LayerNorm
     */
    public record Output(Tensor lastHiddenState, Tensor pooled, List<Tensor> hiddenStates) {
    }

    public ClipTextTransformer(ClipTextConfig c) {
        this.config = c;
        Container emb = registerModule("embeddings", new Container());
        this.tokenEmbedding = emb.add("token_embedding", new Embedding(c.vocabSize(), c.hiddenSize()));
        this.positionEmbedding = emb.add("position_embedding", new Embedding(c.maxPositionEmbeddings(), c.hiddenSize()));
        Container encoder = registerModule("encoder", new Container());
        this.layers = encoder.add("layers", new ModuleList<>());
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            layers.add(new ClipEncoderLayer(c.hiddenSize(), c.intermediateSize(), c.numAttentionHeads(), c.layerNormEps(), c.hiddenAct()));
        }
        this.finalLayerNorm = registerModule("final_layer_norm", new LayerNorm(c.hiddenSize(), c.layerNormEps()));
    }

    /** ids: int64 [B, N]; attentionMask: [B, N] of 0/1 or null (SD pipelines pass none). */
    public Output forward(Tensor ids, Tensor attentionMask) {
        long n = ids.size(1);
        if (n > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("sequence of " + n + " tokens exceeds max_position_embeddings " + config.maxPositionEmbeddings());
        }
        Tensor positions = torch.arange(new Scalar(n), Tensors.options(ScalarType.Long, ids.device()));
        Tensor h = tokenEmbedding.forward(ids).add(positionEmbedding.forward(positions).unsqueeze(0));
        Tensor mask = attentionMask == null ? null : causalPaddingMask(attentionMask, n);
        List<Tensor> states = new ArrayList<>();
        states.add(h);
        for (ClipEncoderLayer layer : layers) {
            h = layer.forward(h, mask, true);
            states.add(h);
        }
        Tensor last = finalLayerNorm.forward(h);
        return new Output(last, pool(last, ids), states);
    }

    /** final_layer_norm(hidden_states[−(clipSkip+1)]): diffusers' clip_skip (0 = the last layer). */
    public Tensor promptEmbeds(Output out, int clipSkip) {
        if (clipSkip == 0) return out.lastHiddenState();
        int idx = out.hiddenStates().size() - 1 - clipSkip;
        if (idx < 1) throw new IllegalArgumentException("clip_skip " + clipSkip + " exceeds the " + layers.size() + " layers");
        return finalLayerNorm.forward(out.hiddenStates().get(idx));
    }

    /** true where query i may attend key j: j ≤ i and key j is not padding. [B, 1, N, N]. */
    private static Tensor causalPaddingMask(Tensor attentionMask, long n) {
        Tensor causal = torch.ones(new long[]{n, n}, Tensors.options(ScalarType.Bool, attentionMask.device())).tril();
        Tensor keys = attentionMask.to(ScalarType.Bool).unsqueeze(1).unsqueeze(1); // [B, 1, 1, N]
        return causal.unsqueeze(0).unsqueeze(0).logical_and(keys);
    }

    /** Legacy eos_token_id 2: the position of the largest id (the first EOS); else the first position equal to it. */
    private Tensor pool(Tensor last, Tensor ids) {
        Tensor positions = config.eosTokenId() == 2
                ? ids.to(ScalarType.Long).argmax(new org.bytedeco.pytorch.LongOptional(-1), false)
                : ids.eq(new Scalar(config.eosTokenId())).to(ScalarType.Int).argmax(new org.bytedeco.pytorch.LongOptional(-1), false);
        Tensor batch = torch.arange(new Scalar(last.size(0)), Tensors.options(ScalarType.Long, last.device()));
        return last.index(new org.bytedeco.pytorch.TensorIndexVector(
                new org.bytedeco.pytorch.TensorIndex(batch), new org.bytedeco.pytorch.TensorIndex(positions)));
    }
}
