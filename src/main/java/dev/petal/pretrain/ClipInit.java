package dev.petal.pretrain;

import dev.petal.models.clip.ClipModel;
import dev.petal.models.clip.ClipModelConfig;
import dev.petal.tensor.NoGrad;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

import java.util.Map;

/**
 * transformers' CLIP initialisation (CLIPPreTrainedModel._init_weights, initializer_factor 1): embeddings
 * N(0, 0.02), class embedding N(0, D^−½), attention in-projections N(0, D^−½·(2L)^−½), out-projection
 * N(0, D^−½), fc1 N(0, (2D)^−½), fc2 like the in-projections, the two projections N(0, D^−½), biases 0,
 * LayerNorms 1/0, logit_scale = logit_scale_init_value (ln 1/0.07). Drawn from torch's seeded generator.
 */
final class ClipInit {
    private ClipInit() {
    }

    static void apply(ClipModel m, double logitScaleInit) {
        ClipModelConfig c = m.config;
        try (NoGrad g = NoGrad.open()) {
            for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) {
                String name = e.getKey();
                Tensor t = e.getValue();
                boolean vision = name.startsWith("vision_model.");
                int d = vision ? c.vision().hiddenSize() : c.text().hiddenSize();
                int layers = vision ? c.vision().numHiddenLayers() : c.text().numHiddenLayers();
                double inStd = Math.pow(d, -0.5) * Math.pow(2.0 * layers, -0.5);
                if (name.equals("logit_scale")) t.fill_(new Scalar(logitScaleInit));
                else if (name.endsWith("layer_norm1.weight") || name.endsWith("layer_norm2.weight") || name.endsWith("layernorm.weight")
                        || name.endsWith("layrnorm.weight") || name.endsWith("final_layer_norm.weight")) t.fill_(new Scalar(1.0));
                else if (name.endsWith(".bias")) t.zero_();
                else if (name.endsWith("class_embedding")) t.normal_(0, Math.pow(d, -0.5), null);
                else if (name.endsWith("token_embedding.weight") || name.endsWith("position_embedding.weight")
                        || name.endsWith("patch_embedding.weight")) t.normal_(0, 0.02, null);
                else if (name.matches(".*\\.(q_proj|k_proj|v_proj)\\.weight") || name.endsWith("fc2.weight")) t.normal_(0, inStd, null);
                else if (name.endsWith("out_proj.weight")) t.normal_(0, Math.pow(d, -0.5), null);
                else if (name.endsWith("fc1.weight")) t.normal_(0, Math.pow(2.0 * d, -0.5), null);
                else if (name.equals("text_projection.weight")) t.normal_(0, Math.pow(c.text().hiddenSize(), -0.5), null);
                else if (name.equals("visual_projection.weight")) t.normal_(0, Math.pow(c.vision().hiddenSize(), -0.5), null);
                else throw new IllegalStateException("no CLIP initialisation rule for " + name);
            }
        }
    }
}
