package dev.petal.schedulers;

import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

/**
 * The training noise schedule: {@code betas[t]} and {@code alphasCumprod[t]} = ∏(1 − β) for t in
 * [0, numTrainTimesteps), in double. A noisy sample is {@code x_t = sqrt(ᾱ_t)·x0 + sqrt(1 − ᾱ_t)·ε}.
 * The training-side functions ({@link #addNoise}, {@link #velocity}, {@link #target}) take int64 timesteps.
 */
public record NoiseSchedule(double[] betas, double[] alphasCumprod) {

    public NoiseSchedule {
        if (betas.length != alphasCumprod.length || betas.length < 2) {
            throw new IllegalArgumentException("betas (" + betas.length + ") and alphas_cumprod ("
                    + alphasCumprod.length + ") must have the same length ≥ 2");
        }
        betas = betas.clone();
        alphasCumprod = alphasCumprod.clone();
    }

    /** The schedule a diffusers scheduler of this config builds in its constructor. */
    public static NoiseSchedule of(SchedulerConfig c) {
        int n = c.numTrainTimesteps();
        double[] betas;
        if (c.trainedBetas() != null) {
            betas = c.trainedBetas();
        } else {
            betas = switch (c.betaSchedule()) {
                case LINEAR -> Numpy.linspace(c.betaStart(), c.betaEnd(), n);
                case SCALED_LINEAR -> square(Numpy.linspace(Math.sqrt(c.betaStart()), Math.sqrt(c.betaEnd()), n));
                case SQUAREDCOS_CAP_V2 -> cosineBetas(n);
            };
        }
        if (c.rescaleBetasZeroSnr()) betas = rescaleZeroTerminalSnr(betas);
        double[] acp = cumprod(betas);
        // Euler and DPM-Solver keep the last ᾱ just above 0 so that sigma stays finite
        boolean sigmaBased = c.kind() == SchedulerKind.EULER || c.kind() == SchedulerKind.DPM_SOLVER_MULTISTEP;
        if (c.rescaleBetasZeroSnr() && sigmaBased) acp[n - 1] = 0x1p-24;
        return new NoiseSchedule(betas, acp);
    }

    @Override
    public double[] betas() {
        return betas.clone();
    }

    @Override
    public double[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    public int numTrainTimesteps() {
        return betas.length;
    }

    public double alphaCumprod(int t) {
        return alphasCumprod[t];
    }

    /** σ_t = sqrt((1 − ᾱ_t) / ᾱ_t), increasing with t (the k-diffusion noise level). */
    public double[] sigmas() {
        double[] s = new double[alphasCumprod.length];
        for (int t = 0; t < s.length; t++) s[t] = sigmaOf(alphasCumprod[t]);
        return s;
    }

    /** Signal-to-noise ratio ᾱ_t / (1 − ᾱ_t) per timestep (for min-SNR loss weighting). */
    public double[] snr() {
        double[] s = new double[alphasCumprod.length];
        for (int t = 0; t < s.length; t++) s[t] = alphasCumprod[t] / (1 - alphasCumprod[t]);
        return s;
    }

    static double sigmaOf(double alphaCumprod) {
        return Math.sqrt((1 - alphaCumprod) / alphaCumprod);
    }

    // ---- training side --------------------------------------------------------------------------------

    /** {@code sqrt(ᾱ_t)·x0 + sqrt(1 − ᾱ_t)·noise}, one timestep per batch element (int64 tensor [B]). */
    public Tensor addNoise(Tensor x0, Tensor noise, Tensor timesteps) {
        return addNoise(x0, noise, Tensors.toLongs(timesteps));
    }

    public Tensor addNoise(Tensor x0, Tensor noise, long... timesteps) {
        return TensorMath.combine(x0, perSample(timesteps, true), noise, perSample(timesteps, false));
    }

    /** The v-prediction target {@code sqrt(ᾱ_t)·noise − sqrt(1 − ᾱ_t)·x0}. */
    public Tensor velocity(Tensor x0, Tensor noise, Tensor timesteps) {
        return velocity(x0, noise, Tensors.toLongs(timesteps));
    }

    public Tensor velocity(Tensor x0, Tensor noise, long... timesteps) {
        double[] minusSigma = perSample(timesteps, false);
        for (int i = 0; i < minusSigma.length; i++) minusSigma[i] = -minusSigma[i];
        return TensorMath.combine(noise, perSample(timesteps, true), x0, minusSigma);
    }

    /** What a model of this prediction type is trained to output: the noise, the velocity, or x0. */
    public Tensor target(PredictionType type, Tensor x0, Tensor noise, Tensor timesteps) {
        return switch (type) {
            case EPSILON -> noise;
            case V_PREDICTION -> velocity(x0, noise, timesteps);
            case SAMPLE -> x0;
        };
    }

    /** sqrt(ᾱ_t) (alpha) or sqrt(1 − ᾱ_t) (sigma) per timestep. */
    private double[] perSample(long[] timesteps, boolean alpha) {
        double[] c = new double[timesteps.length];
        for (int i = 0; i < c.length; i++) {
            long t = timesteps[i];
            if (t < 0 || t >= alphasCumprod.length) {
                throw new IllegalArgumentException("timestep " + t + " outside [0, " + alphasCumprod.length + ")");
            }
            double a = alphasCumprod[(int) t];
            c[i] = alpha ? Math.sqrt(a) : Math.sqrt(1 - a);
        }
        return c;
    }

    // ---- beta schedules ---------------------------------------------------------------------------------

    private static double[] square(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = x[i] * x[i];
        return y;
    }

    private static double[] cumprod(double[] betas) {
        double[] acp = new double[betas.length];
        double p = 1;
        for (int i = 0; i < betas.length; i++) {
            p *= 1 - betas[i];
            acp[i] = p;
        }
        return acp;
    }

    /** diffusers' {@code betas_for_alpha_bar} with the cosine ᾱ of improved DDPM, β capped at 0.999. */
    private static double[] cosineBetas(int n) {
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            double t1 = (double) i / n, t2 = (double) (i + 1) / n;
            b[i] = Math.min(1 - cosineAlphaBar(t2) / cosineAlphaBar(t1), 0.999);
        }
        return b;
    }

    private static double cosineAlphaBar(double t) {
        double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    /** Lin et al. 2023, Algorithm 1: shift and scale sqrt(ᾱ) so that the last timestep has zero SNR. */
    static double[] rescaleZeroTerminalSnr(double[] betas) {
        double[] sqrtAcp = cumprod(betas);
        for (int i = 0; i < sqrtAcp.length; i++) sqrtAcp[i] = Math.sqrt(sqrtAcp[i]);
        double first = sqrtAcp[0], last = sqrtAcp[sqrtAcp.length - 1];
        double[] acp = new double[sqrtAcp.length];
        for (int i = 0; i < acp.length; i++) {
            double s = (sqrtAcp[i] - last) * (first / (first - last));
            acp[i] = s * s;
        }
        double[] out = new double[betas.length];
        out[0] = 1 - acp[0];
        for (int i = 1; i < out.length; i++) out[i] = 1 - acp[i] / acp[i - 1];
        return out;
    }
}
