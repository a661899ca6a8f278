package dev.petal.schedulers;

import dev.petal.schedulers.SchedulerConfig.FinalSigmas;

/** Noise-level (k-diffusion σ) tables shared by the Euler and DPM-Solver samplers. */
final class SigmaTables {
    private SigmaTables() {
    }

    /** σ at each (possibly fractional) timestep, interpolated linearly in the training table. */
    static double[] atTimesteps(double[] timesteps, double[] trainingSigmas) {
        double[] s = new double[timesteps.length];
        for (int i = 0; i < s.length; i++) s[i] = Numpy.interpOnIndex(timesteps[i], trainingSigmas);
        return s;
    }

    /** The (fractional) timestep of each σ, by log-linear interpolation in the training table. */
    static double[] timestepsOf(double[] sigmas, double[] trainingSigmas) {
        double[] logSigmas = KarrasSigmas.log(trainingSigmas);
        double[] t = new double[sigmas.length];
        for (int i = 0; i < t.length; i++) t[i] = KarrasSigmas.sigmaToTimestep(sigmas[i], logSigmas);
        return t;
    }

    /** The N step sigmas followed by the final one: 0, or {@code sigmaMin} for "sigma_min". */
    static double[] withFinal(double[] sigmas, FinalSigmas type, double sigmaMin) {
        double[] out = java.util.Arrays.copyOf(sigmas, sigmas.length + 1);
        out[sigmas.length] = type == FinalSigmas.ZERO ? 0.0 : sigmaMin;
        return out;
    }
}
