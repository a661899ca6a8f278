package dev.petal.schedulers;

import dev.petal.schedulers.Parametrization.Lin;
import dev.petal.schedulers.SchedulerConfig.TimestepSpacing;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Euler (diffusers {@code EulerDiscreteScheduler}, deterministic: no churn) in the variance-exploding scale
 * {@code x = x0 + σ·ε}: {@code x_next = x + (x − x0)/σ_i·(σ_{i+1} − σ_i)}. The model sees
 * {@code x / sqrt(σ² + 1)} and the (fractional) timestep of σ, never σ itself.
 */
public final class EulerSampler extends BaseSampler {
    private final double[] timesteps;
    private final double[] sigmas;

    public EulerSampler(SchedulerConfig config, int steps) {
        super(config, steps);
        double[] training = schedule.sigmas();
        double[] t = Spacing.euler(config, steps);
        double[] s = SigmaTables.atTimesteps(t, training);
        if (config.useKarrasSigmas()) {
            double min = config.sigmaMin() != null ? config.sigmaMin() : s[s.length - 1];
            double max = config.sigmaMax() != null ? config.sigmaMax() : s[0];
            s = KarrasSigmas.sigmas(min, max, steps);
            t = Numpy.toFloat32(SigmaTables.timestepsOf(s, training));
        }
        this.timesteps = t;
        this.sigmas = SigmaTables.withFinal(s, config.finalSigmasType(), training[0]);
    }

    @Override
    protected double[] steps() {
        return timesteps;
    }

    @Override
    public boolean fractionalTimesteps() {
        return true;
    }

    /** The N + 1 noise levels (the last is 0 or σ_min). */
    public double[] sigmas() {
        return sigmas.clone();
    }

    /** σ_max for "linspace" / "trailing" spacing, else sqrt(σ_max² + 1). */
    @Override
    public double initNoiseSigma() {
        double max = 0;
        for (double s : sigmas) max = Math.max(max, s);
        TimestepSpacing spacing = config.timestepSpacing();
        return spacing == TimestepSpacing.LINSPACE || spacing == TimestepSpacing.TRAILING
                ? max : Math.sqrt(max * max + 1);
    }

    @Override
    public Tensor scaleModelInput(Tensor x, int i) {
        double s = sigmas[stepIndex(i)];
        return x.div(new Scalar(Math.sqrt(s * s + 1)));
    }

    @Override
    public StepOutput step(Tensor modelOutput, int i, Tensor x, Tensor noise) {
        check(modelOutput, i, x);
        double s = sigmas[i];
        Lin c = Parametrization.x0AtSigma(prediction, s);
        Tensor x0 = TensorMath.lin(c.cx(), x, c.cm(), modelOutput);
        Tensor derivative = x.sub(x0).div(new Scalar(s));
        Tensor prev = x.add(TensorMath.scale(derivative, sigmas[i + 1] - s));
        return new StepOutput(prev, x0);
    }

    /** {@code x0 + σ_i·noise} (the variance-exploding scale the sampler runs in). */
    @Override
    public Tensor addNoise(Tensor x0, Tensor noise, int... stepIndices) {
        double[] one = new double[stepIndices.length], s = new double[stepIndices.length];
        for (int k = 0; k < s.length; k++) {
            one[k] = 1;
            s[k] = sigmas[stepIndex(stepIndices[k])];
        }
        return TensorMath.combine(x0, one, noise, s);
    }
}
