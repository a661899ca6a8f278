package dev.petal.training;

import dev.petal.schedulers.NoiseSchedule;
import dev.petal.schedulers.PredictionType;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The denoising objective: noise the latents at random timesteps, predict the target of the model's prediction
 * type (ε, v or x0), mean squared error per sample, optionally weighted by Min-SNR-γ.
 */
public final class DiffusionLoss {
    private final NoiseSchedule schedule;
    private final PredictionType prediction;
    private final double minSnrGamma;
    private final double noiseOffset;
    private final double[] snr;

    public DiffusionLoss(NoiseSchedule schedule, PredictionType prediction, double minSnrGamma, double noiseOffset) {
        this.schedule = schedule;
        this.prediction = prediction;
        this.minSnrGamma = minSnrGamma;
        this.noiseOffset = noiseOffset;
        this.snr = schedule.snr();
    }

    /** What the model needs and what it must output, for latents [B, C, h, w]. */
    public record Noised(Tensor input, Tensor timesteps, Tensor target) {
    }

    /** Draws noise and timesteps from torch's (seeded) generator. */
    public Noised noise(Tensor latents) {
        long b = latents.size(0);
        Tensor noise = torch.randn_like(latents);
        if (noiseOffset > 0) {
            noise = noise.add(torch.randn(b, latents.size(1), 1, 1).to(latents.device(), latents.scalar_type()).mul(new Scalar(noiseOffset)));
        }
        Tensor t = torch.randint(schedule.numTrainTimesteps(), new long[]{b}).to(latents.device(), org.bytedeco.pytorch.global.torch.ScalarType.Long);
        return new Noised(schedule.addNoise(latents, noise, t), t, schedule.target(prediction, latents, noise, t));
    }

    /** Per-sample loss [B]: mean over C, h, w of (output − target)², Min-SNR weighted when γ > 0. */
    public Tensor perSample(Tensor output, Noised n) {
        Tensor mse = output.sub(n.target()).pow(new Scalar(2)).mean(new long[]{1, 2, 3}, false, null);
        if (minSnrGamma <= 0) return mse;
        long[] t = Tensors.toLongs(n.timesteps());
        float[] w = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            double s = snr[(int) t[i]];
            double clipped = Math.min(s, minSnrGamma);
            w[i] = (float) switch (prediction) {
                case EPSILON -> clipped / s;
                case V_PREDICTION -> clipped / (s + 1);
                case SAMPLE -> clipped;
            };
        }
        return mse.mul(Tensors.fromFloats(w, t.length).to(mse.device(), mse.scalar_type()));
    }
}
