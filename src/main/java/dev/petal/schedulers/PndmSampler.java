package dev.petal.schedulers;

import dev.petal.schedulers.Parametrization.Lin;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * PLMS, the linear multistep half of PNDM (diffusers {@code PNDMScheduler} with {@code skip_prk_steps}): the
 * noise estimate is an Adams–Bashforth combination of up to four past model outputs, applied with the DDIM-like
 * transfer {@code x_prev = sqrt(ᾱ_prev/ᾱ_t)·x − (ᾱ_prev − ᾱ_t)·ε / (ᾱ_t·sqrt(1 − ᾱ_prev) + sqrt(ᾱ_t(1 − ᾱ_t)ᾱ_prev))}.
 * The run has N + 1 model calls: the second timestep repeats, the first step is Euler-like and the second
 * (same timestep) re-does it from the first sample with the average of both outputs.
 */
public final class PndmSampler extends BaseSampler {
    private final double[] timesteps;
    private final int stride;
    private final double finalAlphaCumprod;
    /** Past model outputs, newest first (at most 4). */
    private final Deque<Tensor> outputs = new ArrayDeque<>();
    private Tensor firstSample;

    public PndmSampler(SchedulerConfig config, int steps) {
        super(config, steps);
        if (!config.skipPrkSteps()) throw new IllegalArgumentException("PNDM without skip_prk_steps is not supported");
        double[] t = Spacing.discrete(config, steps);
        this.timesteps = repeatSecond(t);
        this.stride = config.numTrainTimesteps() / steps;
        this.finalAlphaCumprod = config.setAlphaToOne() ? 1.0 : schedule.alphaCumprod(0);
    }

    /** [t0, t1, t1, t2, …]: the PLMS list of diffusers (unchanged for a single step). */
    private static double[] repeatSecond(double[] t) {
        if (t.length < 2) return t;
        double[] out = new double[t.length + 1];
        out[0] = t[0];
        System.arraycopy(t, 1, out, 2, t.length - 1);
        out[1] = t[1];
        return out;
    }

    @Override
    protected double[] steps() {
        return timesteps;
    }

    @Override
    public StepOutput step(Tensor modelOutput, int i, Tensor x, Tensor noise) {
        check(modelOutput, i, x);
        checkInOrder(i);
        int t = (int) timesteps[i];
        int prevT = t - stride;
        if (i == 1) {
            prevT = t;
            t = t + stride;
        } else {
            if (outputs.size() == 4) TensorMath.release(outputs.removeLast());
            outputs.addFirst(TensorMath.retain(modelOutput.clone()));
        }
        Tensor sample = x;
        Tensor eps;
        if (outputs.size() == 1 && i == 0) {
            eps = modelOutput;
            firstSample = TensorMath.retain(x.clone());
        } else if (outputs.size() == 1 && i == 1) {
            eps = TensorMath.lin(0.5, modelOutput, 0.5, outputs.peekFirst());
            sample = firstSample;
        } else {
            eps = adamsBashforth();
        }
        Tensor prev = transfer(sample, t, prevT, eps);
        if (i == 1) {
            TensorMath.release(firstSample);
            firstSample = null;
        }
        return new StepOutput(prev, null);
    }

    /** The combination of the stored outputs for their count (2, 3 or 4). */
    private Tensor adamsBashforth() {
        double[] w = switch (outputs.size()) {
            case 2 -> new double[]{3 / 2.0, -1 / 2.0};
            case 3 -> new double[]{23 / 12.0, -16 / 12.0, 5 / 12.0};
            default -> new double[]{55 / 24.0, -59 / 24.0, 37 / 24.0, -9 / 24.0};
        };
        Iterator<Tensor> it = outputs.iterator();
        Tensor sum = TensorMath.scale(it.next(), w[0]);
        for (int k = 1; k < w.length; k++) sum = sum.add(TensorMath.scale(it.next(), w[k]));
        return sum;
    }

    /** diffusers' {@code _get_prev_sample} (formula (9) of the PNDM paper), with v converted to ε first. */
    private Tensor transfer(Tensor sample, int t, int prevT, Tensor modelOutput) {
        double a = schedule.alphaCumprod(t);
        double aPrev = prevT >= 0 ? schedule.alphaCumprod(prevT) : finalAlphaCumprod;
        Lin eps = Parametrization.epsilonAtAlphaCumprod(prediction, a);
        double sampleCoeff = Math.sqrt(aPrev / a);
        double denom = a * Math.sqrt(1 - aPrev) + Math.sqrt(a * (1 - a) * aPrev);
        double k = (aPrev - a) / denom;
        return TensorMath.lin(sampleCoeff - k * eps.cx(), sample, -k * eps.cm(), modelOutput);
    }

    @Override
    public Tensor addNoise(Tensor x0, Tensor noise, int... stepIndices) {
        return addNoiseAtAlphaCumprod(x0, noise, stepIndices);
    }

    @Override
    public void close() {
        outputs.forEach(TensorMath::release);
        outputs.clear();
        TensorMath.release(firstSample);
        firstSample = null;
    }
}
