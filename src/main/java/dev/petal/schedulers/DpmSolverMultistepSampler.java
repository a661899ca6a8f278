package dev.petal.schedulers;

import dev.petal.schedulers.Parametrization.Lin;
import dev.petal.schedulers.SchedulerConfig.FinalSigmas;
import dev.petal.schedulers.SchedulerConfig.SolverType;
import org.bytedeco.pytorch.Tensor;

/**
 * DPM-Solver++ multistep, orders 1–3 (diffusers {@code DPMSolverMultistepScheduler}, {@code dpmsolver++}):
 * the model output is turned into a data prediction x0, and the ODE is integrated exactly in
 * λ = log(α/σ) with x0 extrapolated from up to three past steps. The first steps run at lower order while the
 * history fills, and the final step is first order when the last σ is 0 (or with {@code lower_order_final}
 * below 15 steps). Optionally on Karras sigmas.
 */
public final class DpmSolverMultistepSampler extends BaseSampler {
    private final double[] timesteps;
    private final double[] sigmas;
    private final int order;
    /** Past data predictions, [0] oldest … [order − 1] newest. */
    private final Tensor[] history;
    private int filled;

    public DpmSolverMultistepSampler(SchedulerConfig config, int steps) {
        super(config, steps);
        double[] training = schedule.sigmas();
        double[] s;
        double[] t;
        if (config.useKarrasSigmas()) {
            s = KarrasSigmas.sigmas(training[0], training[training.length - 1], steps);
            t = Numpy.round(SigmaTables.timestepsOf(s, training));
            this.sigmas = SigmaTables.withFinal(s, config.finalSigmasType(), s[s.length - 1]);
        } else {
            t = Spacing.dpmSolver(config, steps, lastTimestep());
            s = SigmaTables.atTimesteps(t, training);
            this.sigmas = SigmaTables.withFinal(s, config.finalSigmasType(), training[0]);
        }
        this.timesteps = t;
        this.order = config.solverOrder();
        this.history = new Tensor[order];
    }

    /** One past the largest timestep whose λ is above {@code lambda_min_clipped} (T when not clipped). */
    private int lastTimestep() {
        int clipped = 0;
        for (int t = 0; t < config.numTrainTimesteps(); t++) {
            double a = schedule.alphaCumprod(t);
            double lambda = Math.log(Math.sqrt(a)) - Math.log(Math.sqrt(1 - a));
            if (lambda < config.lambdaMinClipped()) clipped++;
        }
        return config.numTrainTimesteps() - clipped;
    }

    @Override
    protected double[] steps() {
        return timesteps;
    }

    /** The N + 1 noise levels (the last is 0 or σ_min). */
    public double[] sigmas() {
        return sigmas.clone();
    }

    /** The x0 prediction of this step is returned as {@code predOriginal} (diffusers keeps it internal). */
    @Override
    public StepOutput step(Tensor modelOutput, int i, Tensor x, Tensor noise) {
        check(modelOutput, i, x);
        checkInOrder(i);
        int n = timesteps.length;
        boolean few = config.lowerOrderFinal() && n < 15;
        boolean lowerOrderFinal = i == n - 1
                && (config.eulerAtFinal() || few || config.finalSigmasType() == FinalSigmas.ZERO);
        boolean lowerOrderSecond = i == n - 2 && few;

        Level s0 = level(i);
        Lin c = Parametrization.x0(prediction, s0.alpha, s0.sigma);
        Tensor x0 = TensorMath.lin(c.cx(), x, c.cm(), modelOutput);
        push(x0);

        Level lt = level(i + 1);
        Tensor prev;
        if (order == 1 || filled < 1 || lowerOrderFinal) {
            prev = firstOrder(lt, s0, x);
        } else if (order == 2 || filled < 2 || lowerOrderSecond) {
            prev = secondOrder(lt, s0, level(i - 1), x);
        } else {
            prev = thirdOrder(lt, s0, level(i - 1), level(i - 2), x);
        }
        if (filled < order) filled++;
        return new StepOutput(prev, x0);
    }

    /** α, σ and λ = log α − log σ of the noise level sigmas[k] (VP scale: α = 1/sqrt(s² + 1), σ = s·α). */
    private record Level(double alpha, double sigma, double lambda) {
    }

    private Level level(int k) {
        double alpha = Parametrization.alphaOfSigma(sigmas[k]);
        double sigma = sigmas[k] * alpha;
        return new Level(alpha, sigma, Math.log(alpha) - Math.log(sigma));
    }

    private void push(Tensor x0) {
        TensorMath.release(history[0]);
        System.arraycopy(history, 1, history, 0, order - 1);
        history[order - 1] = TensorMath.retain(x0);
    }

    private Tensor m(int back) {
        return history[order - 1 - back];
    }

    /** DDIM-like: {@code x_t = σ_t/σ_s·x − α_t(e^{−h} − 1)·m0}. */
    private Tensor firstOrder(Level t, Level s0, Tensor x) {
        double h = t.lambda - s0.lambda;
        return TensorMath.lin(t.sigma / s0.sigma, x, -t.alpha * Math.expm1(-h), m(0));
    }

    private Tensor secondOrder(Level t, Level s0, Level s1, Tensor x) {
        double h = t.lambda - s0.lambda, h0 = s0.lambda - s1.lambda;
        double r0 = h0 / h;
        Tensor d1 = TensorMath.scale(m(0).sub(m(1)), 1.0 / r0);
        double phi1 = -t.alpha * Math.expm1(-h);
        Tensor base = TensorMath.lin(t.sigma / s0.sigma, x, phi1, m(0));
        double c1 = config.solverType() == SolverType.MIDPOINT ? 0.5 * phi1 : t.alpha * (Math.expm1(-h) / h + 1.0);
        return base.add(TensorMath.scale(d1, c1));
    }

    private Tensor thirdOrder(Level t, Level s0, Level s1, Level s2, Tensor x) {
        double h = t.lambda - s0.lambda, h0 = s0.lambda - s1.lambda, h1 = s1.lambda - s2.lambda;
        double r0 = h0 / h, r1 = h1 / h;
        Tensor d10 = TensorMath.scale(m(0).sub(m(1)), 1.0 / r0);
        Tensor d11 = TensorMath.scale(m(1).sub(m(2)), 1.0 / r1);
        Tensor diff = d10.sub(d11);
        Tensor d1 = d10.add(TensorMath.scale(diff, r0 / (r0 + r1)));
        Tensor d2 = TensorMath.scale(diff, 1.0 / (r0 + r1));
        double e = Math.expm1(-h);
        Tensor base = TensorMath.lin(t.sigma / s0.sigma, x, -t.alpha * e, m(0));
        return TensorMath.lin(1, base, t.alpha * (e / h + 1.0), d1, -t.alpha * ((e + h) / (h * h) - 0.5), d2);
    }

    /** {@code α_i·x0 + σ_i·noise} at step i's noise level (VP scale). */
    @Override
    public Tensor addNoise(Tensor x0, Tensor noise, int... stepIndices) {
        double[] a = new double[stepIndices.length], s = new double[stepIndices.length];
        for (int k = 0; k < s.length; k++) {
            Level l = level(stepIndex(stepIndices[k]));
            a[k] = l.alpha;
            s[k] = l.sigma;
        }
        return TensorMath.combine(x0, a, noise, s);
    }

    @Override
    public void close() {
        for (int k = 0; k < history.length; k++) {
            TensorMath.release(history[k]);
            history[k] = null;
        }
    }
}
