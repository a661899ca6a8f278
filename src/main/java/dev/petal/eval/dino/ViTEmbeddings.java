package dev.petal.eval.dino;

import dev.petal.nn.Container;
import dev.petal.nn.Conv2d;
import dev.petal.nn.Init;
import dev.petal.nn.Module;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/** ViT's embeddings: [CLS; patch conv (with bias), row-major patches] + position embeddings. */
public final class ViTEmbeddings extends Module {
    public final Tensor clsToken;            // [1, 1, D]
    public final Tensor positionEmbeddings;  // [1, patches + 1, D]
    public final Conv2d projection;          // patch_embeddings.projection [D, C, p, p], stride p
    private final ViTConfig config;

    public ViTEmbeddings(ViTConfig c) {
        this.config = c;
        this.clsToken = registerParameter("cls_token", Init.zeros(1, 1, c.hiddenSize()));
        this.positionEmbeddings = registerParameter("position_embeddings", Init.zeros(1, c.numPatches() + 1, c.hiddenSize()));
        Container patches = registerModule("patch_embeddings", new Container());
        this.projection = patches.add("projection", new Conv2d(c.numChannels(), c.hiddenSize(), c.patchSize(), c.patchSize(), 0, true));
    }

    /** pixels [B, C, S, S], S = image_size (no position interpolation) → [B, patches + 1, D]. */
    public Tensor forward(Tensor pixels) {
        long[] s = Tensors.shape(pixels);
        if (s.length != 4 || s[1] != config.numChannels() || s[2] != config.imageSize() || s[3] != config.imageSize()) {
            throw new IllegalArgumentException("ViT input must be [B, " + config.numChannels() + ", " + config.imageSize() + ", "
                    + config.imageSize() + "], got " + Tensors.shapeString(pixels));
        }
        Tensor p = projection.forward(pixels.to(clsToken.scalar_type())).flatten(2, 3).transpose(1, 2);
        Tensor cls = clsToken.expand(s[0], 1, config.hiddenSize());
        return torch.cat(new TensorVector(cls, p), 1).add(positionEmbeddings);
    }
}
