package dev.petal.pipeline;

import dev.petal.schedulers.Sampler;
import dev.petal.schedulers.Samplers;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Scope;
import dev.petal.tensor.Torch;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Text-to-image with classifier-free guidance, as diffusers' StableDiffusionPipeline: the UNet sees the batch
 * [uncond, cond] at every step and eps = eps_u + g·(eps_c − eps_u). A seed fixes the initial latents, drawn in
 * one randn call of shape [B, 4, H/8, W/8] from the seeded global generator — the same numbers as diffusers
 * with {@code generator=torch.Generator("cpu").manual_seed(seed)}.
 */
public final class TextToImage {

    /** What to generate. Empty negative prompts mean "" (as diffusers). */
    public record Request(List<String> prompts, List<String> negativePrompts, int steps, double guidance,
                          String sampler, long seed, int width, int height, int clipSkip) {
        public Request {
            if (prompts == null || prompts.isEmpty()) throw new IllegalArgumentException("at least one prompt is required");
            if (negativePrompts == null || negativePrompts.isEmpty()) negativePrompts = Collections.nCopies(prompts.size(), "");
            else if (negativePrompts.size() == 1 && prompts.size() > 1) negativePrompts = Collections.nCopies(prompts.size(), negativePrompts.get(0));
            if (negativePrompts.size() != prompts.size()) {
                throw new IllegalArgumentException(negativePrompts.size() + " negative prompts for " + prompts.size() + " prompts");
            }
            if (steps < 1) throw new IllegalArgumentException("--steps must be ≥ 1, got " + steps);
            if (width <= 0 || height <= 0) throw new IllegalArgumentException("width and height must be positive");
            if (!Samplers.NAMES.contains(sampler)) throw new IllegalArgumentException("unknown sampler '" + sampler + "' (valid: " + Samplers.NAMES + ")");
        }
    }

    private TextToImage() {
    }

    /** Told about each finished sampling step: the guided model output and the new latents. */
    @FunctionalInterface
    public interface StepListener {
        void onStep(int step, Tensor modelOutput, Tensor latents);
    }

    /** Generates images [B, 3, H, W] in [0, 1]. {@code onStep} is told each finished step (for progress bars). */
    public static Tensor generate(StableDiffusion sd, Request r, StepListener onStep) {
        int f = sd.vaeScale();
        if (r.width() % f != 0 || r.height() % f != 0) {
            throw new IllegalArgumentException("width and height must be multiples of " + f + ", got " + r.width() + "×" + r.height());
        }
        dev.petal.tensor.NativeMalloc.forSampling(sd.unet().parameterCount()); // SD-sized UNets: see NativeMalloc
        try (NoGrad g = NoGrad.open(); Scope scope = Scope.open()) {
            PromptEncoder enc = new PromptEncoder(sd.tokenizer(), sd.textEncoder(), r.clipSkip());
            Tensor cond = enc.encode(r.prompts());
            Tensor uncond = enc.encode(r.negativePrompts());
            Torch.seed(r.seed());
            // drawn on the CPU generator (as diffusers with a CPU generator), then moved: same seed, same image on any device
            Tensor latents = torch.randn(r.prompts().size(), sd.unet().config.inChannels(), r.height() / f, r.width() / f)
                    .to(sd.device(), org.bytedeco.pytorch.global.torch.ScalarType.Float);
            try (Sampler s = Samplers.create(r.sampler(), sd.schedulerConfig(), r.steps())) {
                latents = latents.mul(new Scalar(s.initNoiseSigma()));
                Tensor out = denoise(sd, s, latents, cond, uncond, r.guidance(), onStep);
                return scope.keep(decode(sd, out));
            }
        }
    }

    /** The sampling loop from given initial latents (already scaled by the sampler's init sigma). */
    public static Tensor denoise(StableDiffusion sd, Sampler s, Tensor latents, Tensor cond, Tensor uncond, double guidance,
                                 StepListener onStep) {
        Tensor context = torch.cat(new TensorVector(uncond, cond), 0);
        Tensor x = latents;
        for (int i = 0; i < s.numSteps(); i++) {
            try (Scope step = Scope.open()) {
                Tensor in = s.scaleModelInput(torch.cat(new TensorVector(x, x), 0), i);
                Tensor raw = sd.unet().forward(in, s.timestep(i), context);
                x = step.keep(s.step(guide(raw, guidance), i, x).prevSample());
                if (onStep != null) onStep.onStep(i, raw, x);
            }
        }
        return x;
    }

    /** [uncond; cond] model outputs → eps_u + g·(eps_c − eps_u). */
    public static Tensor guide(Tensor both, double guidance) {
        var halves = both.chunk(2, 0);
        Tensor u = halves.get(0), c = halves.get(1);
        return u.add(c.sub(u).mul(new Scalar(guidance)));
    }

    /** Latents → images in [0, 1]: clamp(vae.decode(latents / scaling_factor) / 2 + 0.5, 0, 1). */
    public static Tensor decode(StableDiffusion sd, Tensor latents) {
        Tensor raw = decodeRaw(sd, latents);
        return torch.clamp(raw.div(new Scalar(2.0)).add(new Scalar(0.5)),
                new org.bytedeco.pytorch.ScalarOptional(new Scalar(0.0)), new org.bytedeco.pytorch.ScalarOptional(new Scalar(1.0)));
    }

    /** vae.decode(latents / scaling_factor), unclamped (about [−1, 1]). */
    public static Tensor decodeRaw(StableDiffusion sd, Tensor latents) {
        return sd.vae().decode(latents.div(new Scalar(sd.vae().config.scalingFactor())));
    }

    /** Splits a batch of images for saving. */
    public static List<Tensor> split(Tensor images) {
        List<Tensor> out = new ArrayList<>();
        for (long i = 0; i < images.size(0); i++) out.add(images.select(0, i));
        return out;
    }
}
