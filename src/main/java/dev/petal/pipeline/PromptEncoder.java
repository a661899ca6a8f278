package dev.petal.pipeline;

import dev.petal.models.clip.ClipTextModel;
import dev.petal.models.clip.ClipTokenizer;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

import java.util.List;

/**
 * Prompts → SD text embeddings: tokenize to the model's 77 positions (truncating), run the text encoder without
 * an attention mask (as the SD pipelines do), take last_hidden_state — or an earlier layer with clip skip.
 */
public final class PromptEncoder {
    private final ClipTokenizer tokenizer;
    private final ClipTextModel encoder;
    private final int clipSkip;

    public PromptEncoder(ClipTokenizer tokenizer, ClipTextModel encoder, int clipSkip) {
        this.tokenizer = tokenizer;
        this.encoder = encoder;
        this.clipSkip = clipSkip;
    }

    /** Token ids [B, 77] (int64). */
    public Tensor ids(List<String> prompts) {
        int max = encoder.config().maxPositionEmbeddings();
        ClipTokenizer.Batch b = tokenizer.encodeBatch(prompts, max, ClipTokenizer.Padding.MAX_LENGTH);
        return Tensors.fromLongs(b.flatInputIds(), prompts.size(), max)
                .to(encoder.textModel.tokenEmbedding.weight.device(), org.bytedeco.pytorch.global.torch.ScalarType.Long);
    }

    /** Embeddings [B, 77, D]. */
    public Tensor encode(List<String> prompts) {
        var out = encoder.forward(ids(prompts), null);
        return encoder.textModel.promptEmbeds(out, clipSkip);
    }
}
