package dev.petal.schedulers;

import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;

import java.util.Arrays;

/** What every sampler has: its config, noise schedule and timestep list, and the argument checks. */
abstract class BaseSampler implements Sampler {
    protected final SchedulerConfig config;
    protected final NoiseSchedule schedule;
    protected final PredictionType prediction;
    private int nextInOrder;

    BaseSampler(SchedulerConfig config, int steps) {
        if (steps < 1 || steps > config.numTrainTimesteps()) {
            throw new IllegalArgumentException(config.kind().className() + ": " + steps
                    + " sampling steps; expected 1 to num_train_timesteps (" + config.numTrainTimesteps() + ")");
        }
        this.config = config;
        this.schedule = NoiseSchedule.of(config);
        this.prediction = config.predictionType();
    }

    /** The timestep list, owned by the subclass. */
    protected abstract double[] steps();

    @Override
    public SchedulerConfig config() {
        return config;
    }

    @Override
    public NoiseSchedule schedule() {
        return schedule;
    }

    @Override
    public int numSteps() {
        return steps().length;
    }

    @Override
    public double[] timesteps() {
        return steps().clone();
    }

    @Override
    public double initNoiseSigma() {
        return 1.0;
    }

    /** Checks the step index and that the model output has the shape of the sample. */
    protected void check(Tensor modelOutput, int i, Tensor x) {
        if (i < 0 || i >= numSteps()) {
            throw new IndexOutOfBoundsException("step " + i + " of a " + numSteps() + "-step "
                    + config.kind().className() + " run");
        }
        if (!Arrays.equals(Tensors.shape(modelOutput), Tensors.shape(x))) {
            throw new IllegalArgumentException("model output " + Tensors.shapeString(modelOutput)
                    + " does not match the sample " + Tensors.shapeString(x));
        }
    }

    /** For multistep samplers: steps must come in order 0, 1, 2, … on one instance. */
    protected void checkInOrder(int i) {
        if (i != nextInOrder) {
            throw new IllegalStateException(config.kind().className() + " keeps a history: expected step "
                    + nextInOrder + ", got " + i + " (run steps in order on a fresh sampler per run)");
        }
        nextInOrder++;
    }

    protected Tensor requireNoise(Tensor noise, int i, Tensor x) {
        if (noise == null) {
            throw new IllegalArgumentException(config.kind().className() + " step " + i
                    + " adds noise: pass a standard-normal tensor of shape " + Tensors.shapeString(x));
        }
        return noise;
    }

    /** Per-sample (or batch-wide) VP coefficients sqrt(ᾱ), sqrt(1 − ᾱ) at the given steps' timesteps. */
    protected Tensor addNoiseAtAlphaCumprod(Tensor x0, Tensor noise, int[] stepIndices) {
        double[] a = new double[stepIndices.length], s = new double[stepIndices.length];
        for (int k = 0; k < stepIndices.length; k++) {
            double acp = schedule.alphaCumprod((int) steps()[stepIndex(stepIndices[k])]);
            a[k] = Math.sqrt(acp);
            s[k] = Math.sqrt(1 - acp);
        }
        return TensorMath.combine(x0, a, noise, s);
    }

    protected int stepIndex(int i) {
        if (i < 0 || i >= numSteps()) throw new IndexOutOfBoundsException("step " + i + " of " + numSteps());
        return i;
    }

    protected static Tensor clip(Tensor x, boolean clip, double range) {
        return clip ? x.clamp(new ScalarOptional(new Scalar(-range)), new ScalarOptional(new Scalar(range))) : x;
    }
}
