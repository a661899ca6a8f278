package dev.petal.schedulers;

import dev.petal.schedulers.Parametrization.Lin;
import org.bytedeco.pytorch.Tensor;

/**
 * DDPM ancestral sampling (diffusers {@code DDPMScheduler}): from x_t, the posterior mean
 * {@code μ = sqrt(ᾱ_prev)·β_t/(1 − ᾱ_t)·x0 + sqrt(α_t)·(1 − ᾱ_prev)/(1 − ᾱ_t)·x_t} plus σ_t·noise for t > 0,
 * where "prev" is the next timestep of the run and ᾱ_prev = 1 after the last.
 */
public final class DdpmSampler extends BaseSampler {
    private final double[] timesteps;

    public DdpmSampler(SchedulerConfig config, int steps) {
        super(config, steps);
        this.timesteps = Spacing.discrete(config, steps);
    }

    @Override
    protected double[] steps() {
        return timesteps;
    }

    @Override
    public boolean needsNoise(int i) {
        return timesteps[stepIndex(i)] > 0;
    }

    @Override
    public StepOutput step(Tensor modelOutput, int i, Tensor x, Tensor noise) {
        check(modelOutput, i, x);
        int t = (int) timesteps[i];
        double a = schedule.alphaCumprod(t);
        double aPrev = i + 1 < timesteps.length ? schedule.alphaCumprod((int) timesteps[i + 1]) : 1.0;
        double alpha = a / aPrev, beta = 1 - alpha;

        Lin c = Parametrization.x0AtAlphaCumprod(prediction, a);
        Tensor x0 = clip(TensorMath.lin(c.cx(), x, c.cm(), modelOutput), config.clipSample(), config.clipSampleRange());
        double cX0 = Math.sqrt(aPrev) * beta / (1 - a);
        double cX = Math.sqrt(alpha) * (1 - aPrev) / (1 - a);
        Tensor prev = TensorMath.lin(cX0, x0, cX, x);
        if (t > 0) {
            prev = prev.add(TensorMath.scale(requireNoise(noise, i, x), stdDev(a, aPrev, beta)));
        }
        return new StepOutput(prev, x0);
    }

    /** The standard deviation of the noise added at a step (diffusers' {@code _get_variance}, fixed types). */
    private double stdDev(double a, double aPrev, double beta) {
        double posterior = Math.max((1 - aPrev) / (1 - a) * beta, 1e-20);
        return switch (config.varianceType()) {
            case FIXED_SMALL, FIXED_SMALL_LOG -> Math.sqrt(posterior);
            case FIXED_LARGE -> Math.sqrt(beta);
        };
    }

    @Override
    public Tensor addNoise(Tensor x0, Tensor noise, int... stepIndices) {
        return addNoiseAtAlphaCumprod(x0, noise, stepIndices);
    }
}
