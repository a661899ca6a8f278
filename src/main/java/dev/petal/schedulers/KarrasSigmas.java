package dev.petal.schedulers;

/**
 * Karras et al. (2022) noise levels, {@code σ_i = (σ_max^(1/ρ) + i/(N−1)·(σ_min^(1/ρ) − σ_max^(1/ρ)))^ρ} with
 * ρ = 7, and the map from a noise level back to a (fractional) training timestep by log-linear interpolation
 * in the training sigma table — both as diffusers computes them.
 */
public final class KarrasSigmas {
    public static final double RHO = 7.0;

    private KarrasSigmas() {
    }

    /** N decreasing noise levels from sigmaMax to sigmaMin. */
    public static double[] sigmas(double sigmaMin, double sigmaMax, int n) {
        double[] ramp = Numpy.linspace(0, 1, n);
        double minInv = Math.pow(sigmaMin, 1 / RHO), maxInv = Math.pow(sigmaMax, 1 / RHO);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) s[i] = Math.pow(maxInv + ramp[i] * (minInv - maxInv), RHO);
        return s;
    }

    /**
     * The fractional timestep of a noise level: interpolates log σ linearly between the two neighbouring
     * entries of {@code logSigmas} (the log of the increasing training sigma table), clamped to [0, T − 1].
     */
    public static double sigmaToTimestep(double sigma, double[] logSigmas) {
        double logSigma = Math.log(Math.max(sigma, 1e-10));
        int lastAtOrBelow = -1;
        for (int j = 0; j < logSigmas.length; j++) if (logSigma - logSigmas[j] >= 0) lastAtOrBelow = j;
        int low = Math.min(Math.max(lastAtOrBelow, 0), logSigmas.length - 2);
        int high = low + 1;
        double w = (logSigmas[low] - logSigma) / (logSigmas[low] - logSigmas[high]);
        w = Math.min(Math.max(w, 0), 1);
        return (1 - w) * low + w * high;
    }

    static double[] log(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = Math.log(x[i]);
        return y;
    }
}
