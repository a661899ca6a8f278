package dev.petal.schedulers;

import dev.petal.schedulers.Parametrization.Lin;
import org.bytedeco.pytorch.Tensor;

/**
 * DDIM (diffusers {@code DDIMScheduler}): {@code x_prev = sqrt(ᾱ_prev)·x0 + sqrt(1 − ᾱ_prev − σ²)·ε + σ·noise},
 * σ = eta·sqrt((1 − ᾱ_prev)/(1 − ᾱ_t)·(1 − ᾱ_t/ᾱ_prev)); the previous timestep is {@code t − T // N}, and after the
 * last one ᾱ_prev is 1 ({@code set_alpha_to_one}) or ᾱ_0. eta = 0 is deterministic.
 */
public final class DdimSampler extends BaseSampler {
    private final double[] timesteps;
    private final double eta;
    private final int stride;
    private final double finalAlphaCumprod;

    public DdimSampler(SchedulerConfig config, int steps) {
        this(config, steps, 0.0);
    }

    public DdimSampler(SchedulerConfig config, int steps, double eta) {
        super(config, steps);
        if (!(eta >= 0)) throw new IllegalArgumentException("DDIM eta must be ≥ 0, got " + eta);
        this.timesteps = Spacing.discrete(config, steps);
        this.eta = eta;
        this.stride = config.numTrainTimesteps() / steps;
        this.finalAlphaCumprod = config.setAlphaToOne() ? 1.0 : schedule.alphaCumprod(0);
    }

    public double eta() {
        return eta;
    }

    @Override
    protected double[] steps() {
        return timesteps;
    }

    @Override
    public boolean needsNoise(int i) {
        stepIndex(i);
        return eta > 0;
    }

    @Override
    public StepOutput step(Tensor modelOutput, int i, Tensor x, Tensor noise) {
        check(modelOutput, i, x);
        int t = (int) timesteps[i];
        int prevT = t - stride;
        double a = schedule.alphaCumprod(t);
        double aPrev = prevT >= 0 ? schedule.alphaCumprod(prevT) : finalAlphaCumprod;

        Lin cx0 = Parametrization.x0AtAlphaCumprod(prediction, a);
        Lin ceps = Parametrization.epsilonAtAlphaCumprod(prediction, a);
        Tensor x0 = clip(TensorMath.lin(cx0.cx(), x, cx0.cm(), modelOutput), config.clipSample(),
                config.clipSampleRange());
        Tensor eps = TensorMath.lin(ceps.cx(), x, ceps.cm(), modelOutput);

        double variance = (1 - aPrev) / (1 - a) * (1 - a / aPrev);
        double std = eta * Math.sqrt(variance);
        double direction = Math.sqrt(Math.max(1 - aPrev - std * std, 0));
        Tensor prev = TensorMath.lin(Math.sqrt(aPrev), x0, direction, eps);
        if (eta > 0) prev = prev.add(TensorMath.scale(requireNoise(noise, i, x), std));
        return new StepOutput(prev, x0);
    }

    @Override
    public Tensor addNoise(Tensor x0, Tensor noise, int... stepIndices) {
        return addNoiseAtAlphaCumprod(x0, noise, stepIndices);
    }
}
