package dev.petal.models.vae;

import dev.petal.nn.Conv2d;
import dev.petal.nn.Module;
import dev.petal.safetensors.Checkpoints;
import dev.petal.safetensors.TensorSource;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.nio.file.Path;

/**
 * SD's variational autoencoder. {@link #encode} gives the diagonal Gaussian over latents; {@link #decode} maps
 * latents back to pixels. Neither applies {@code scaling_factor}: the pipeline multiplies latents by it after
 * encoding and divides before decoding, as diffusers does.
 */
public final class AutoencoderKL extends Module {
    public final VaeConfig config;
    public final Encoder encoder;
    public final Decoder decoder;
    public final Conv2d quantConv;     // [2·latent, 2·latent, 1, 1] or null
    public final Conv2d postQuantConv; // [latent, latent, 1, 1] or null

    /** The posterior: mean and log-variance per latent element (logvar clamped to [−30, 20]). */
    public record LatentDistribution(Tensor mean, Tensor logvar) {
        public Tensor std() {
            return torch.exp(logvar.mul(new Scalar(0.5)));
        }

        /** mean + std · eps, with the noise given (so sampling is reproducible). */
        public Tensor sample(Tensor eps) {
            return mean.add(std().mul(eps));
        }
    }

    public AutoencoderKL(VaeConfig c) {
        this.config = c;
        this.encoder = registerModule("encoder", new Encoder(c));
        this.decoder = registerModule("decoder", new Decoder(c));
        int l = c.latentChannels();
        this.quantConv = c.useQuantConv() ? registerModule("quant_conv", new Conv2d(2L * l, 2L * l, 1, 1, 0, true)) : null;
        this.postQuantConv = c.usePostQuantConv() ? registerModule("post_quant_conv", new Conv2d(l, l, 1, 1, 0, true)) : null;
    }

    public static AutoencoderKL load(Path dir) {
        return load(dir, null);
    }

    /** Loads a diffusers folder; {@code variant} picks e.g. the fp16 weight files (converted to fp32 on load). */
    public static AutoencoderKL load(Path dir, String variant) {
        AutoencoderKL m = new AutoencoderKL(VaeConfig.load(dir.resolve("config.json")));
        // old diffusers VAE folders name the mid-block attention query/key/value/proj_attn
        try (TensorSource weights = dev.petal.models.loading.DeprecatedVaeNames.view(Checkpoints.open(dir, variant))) {
            m.loadStateDict(weights, true);
        }
        return m;
    }

    /** Encoder output before quant_conv: [B, 2·latent, h, w]. */
    public Tensor encoderOutput(Tensor image) {
        return encoder.forward(image);
    }

    /** image: [B, 3, H, W] in [−1, 1] → posterior over [B, latent, H/f, W/f]. */
    public LatentDistribution encode(Tensor image) {
        Tensor moments = encoder.forward(image);
        if (quantConv != null) moments = quantConv.forward(moments);
        var halves = moments.chunk(2, 1);
        return new LatentDistribution(halves.get(0), torch.clamp(halves.get(1), new org.bytedeco.pytorch.ScalarOptional(new Scalar(-30.0)),
                new org.bytedeco.pytorch.ScalarOptional(new Scalar(20.0))));
    }

    /** latents (unscaled): [B, latent, h, w] → image [B, 3, h·f, w·f], unclamped. */
    public Tensor decode(Tensor latents) {
        Tensor z = postQuantConv == null ? latents : postQuantConv.forward(latents);
        return decoder.forward(z);
    }
}
