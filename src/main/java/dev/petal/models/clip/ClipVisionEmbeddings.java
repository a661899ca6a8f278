package dev.petal.models.clip;

import dev.petal.nn.Conv2d;
import dev.petal.nn.Embedding;
import dev.petal.nn.Init;
import dev.petal.nn.Module;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/** CLIP's image embeddings: [class embedding; patch conv (no bias), row-major patches] + position embeddings. */
public final class ClipVisionEmbeddings extends Module {
    public final Tensor classEmbedding;          // [D]
    public final Conv2d patchEmbedding;          // [D, C, p, p], stride p
    public final Embedding positionEmbedding;    // [patches + 1, D]
    private final ClipVisionConfig config;

    public ClipVisionEmbeddings(ClipVisionConfig c) {
        this.config = c;
        this.classEmbedding = registerParameter("class_embedding", Init.empty(c.hiddenSize()).normal_(0, 1, null));
        this.patchEmbedding = registerModule("patch_embedding", new Conv2d(c.numChannels(), c.hiddenSize(), c.patchSize(), c.patchSize(), 0, false));
        this.positionEmbedding = registerModule("position_embedding", new Embedding(c.numPatches() + 1, c.hiddenSize()));
    }

    /** pixels [B, C, S, S] with S = image_size → [B, patches + 1, D]. */
    public Tensor forward(Tensor pixels) {
        long[] s = Tensors.shape(pixels);
        if (s.length != 4 || s[1] != config.numChannels() || s[2] != config.imageSize() || s[3] != config.imageSize()) {
            throw new IllegalArgumentException("CLIP vision input must be [B, " + config.numChannels() + ", " + config.imageSize() + ", "
                    + config.imageSize() + "], got " + Tensors.shapeString(pixels));
        }
        long b = s[0], d = config.hiddenSize();
        Tensor patches = patchEmbedding.forward(pixels.to(classEmbedding.scalar_type())).flatten(2, 3).transpose(1, 2);
        Tensor cls = classEmbedding.view(1, 1, d).expand(b, 1, d);
        return torch.cat(new TensorVector(cls, patches), 1).add(positionEmbedding.weight.unsqueeze(0));
    }
}
