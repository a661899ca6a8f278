package dev.petal.pretrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Everything that defines a from-scratch Stable-Diffusion-architecture model: per component, the
 * diffusers/transformers {@code config.json} it is built from and how it is trained.
 *
 * @param resolution   image size in pixels (square)
 * @param weightsDtype how the finished weights are stored: "fp32" or "fp16" (loaders upcast fp16 to fp32)
 */
public record PretrainPreset(String name, String description, int resolution, String weightsDtype, Vae vae, Clip clip, Unet unet) {
    static final ObjectMapper JSON = new ObjectMapper();

    public PretrainPreset {
        if (!weightsDtype.equals("fp32") && !weightsDtype.equals("fp16")) throw new IllegalArgumentException("weightsDtype must be fp32 or fp16");
    }

    /**
     * The autoencoder: diffusers AutoencoderKL config, and the loss L1(x, x̂) + klWeight·KL/(3·H·W), i.e. LDM's
     * {@code kl_weight} convention (KL summed over the latent, weighed against the per-image sum of the L1 error).
     */
    public record Vae(String config, double klWeight, Optim optim) {
        public ObjectNode configJson() {
            return parse(config);
        }
    }

    /**
     * The CLIP model (transformers CLIPConfig with text_config and vision_config), trained contrastively; its text
     * tower becomes the pipeline's text encoder.
     */
    public record Clip(String config, Optim optim) {
        public ObjectNode configJson() {
            return parse(config);
        }
    }

    /** This preset with another UNet recipe (e.g. a command-line override). */
    public PretrainPreset withUnet(Unet u) {
        return new PretrainPreset(name, description, resolution, weightsDtype, vae, clip, u);
    }

    /**
     * The denoiser: diffusers UNet2DConditionModel config, trained with ε-prediction on SD's noise schedule, with
     * the caption replaced by the empty prompt with probability {@code captionDropout} and by a variant with one
     * word the captions never use inserted with probability {@code rareWords} (see {@link RareWords}).
     */
    public record Unet(String config, double captionDropout, double rareWords, Optim optim) {
        public Unet withRareWords(double p) {
            return new Unet(config, captionDropout, p, optim);
        }

        public ObjectNode configJson() {
            return parse(config);
        }
    }

    static ObjectNode parse(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            if (!(n instanceof ObjectNode o)) throw new IllegalArgumentException("a preset config must be a JSON object");
            return o;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("invalid preset config JSON: " + e.getMessage(), e);
        }
    }
}
