package dev.petal.schedulers;

import java.util.Arrays;

/**
 * Which training timesteps an N-step sampling run visits, per diffusers class family, descending. "leading"
 * multiplies by {@code T // N} and adds {@code steps_offset}; "trailing" counts down from T by {@code T / N} and
 * subtracts 1; "linspace" spreads over [0, T − 1] — rounded for the integer schedulers, kept fractional for
 * Euler, and over N + 1 points with the last dropped for DPM-Solver.
 */
final class Spacing {
    private Spacing() {
    }

    /** DDPM / DDIM (and PNDM before its repeat): integer timesteps. */
    static double[] discrete(SchedulerConfig c, int steps) {
        int numTrain = c.numTrainTimesteps();
        return switch (c.timestepSpacing()) {
            case LINSPACE -> Numpy.reverse(Numpy.round(Numpy.linspace(0, numTrain - 1, steps)));
            case LEADING -> Numpy.add(leading(numTrain / steps, steps), c.stepsOffset());
            case TRAILING -> trailing(numTrain, numTrain, steps);
        };
    }

    /** Euler: float32 timesteps, fractional with "linspace". */
    static double[] euler(SchedulerConfig c, int steps) {
        int numTrain = c.numTrainTimesteps();
        double[] t = switch (c.timestepSpacing()) {
            case LINSPACE -> Numpy.reverse(Numpy.linspace(0, numTrain - 1, steps));
            case LEADING -> Numpy.add(leading(numTrain / steps, steps), c.stepsOffset());
            case TRAILING -> trailing(numTrain, numTrain, steps);
        };
        return Numpy.toFloat32(t);
    }

    /** DPM-Solver: N + 1 points with the last dropped, below {@code lastTimestep} (the λ clipping bound). */
    static double[] dpmSolver(SchedulerConfig c, int steps, int lastTimestep) {
        return switch (c.timestepSpacing()) {
            case LINSPACE -> dropLast(Numpy.reverse(Numpy.round(Numpy.linspace(0, lastTimestep - 1, steps + 1))));
            case LEADING -> Numpy.add(dropLast(leading(lastTimestep / (steps + 1), steps + 1)), c.stepsOffset());
            case TRAILING -> trailing(lastTimestep, c.numTrainTimesteps(), steps);
        };
    }

    private static double[] dropLast(double[] x) {
        return Arrays.copyOf(x, x.length - 1);
    }

    /** {@code (arange(n) * ratio)[::-1]}. */
    private static double[] leading(int ratio, int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = (double) (n - 1 - i) * ratio;
        return t;
    }

    /** {@code round(arange(from, 0, -numTrain / steps)) - 1}. */
    private static double[] trailing(int from, int numTrain, int steps) {
        return Numpy.add(Numpy.round(Numpy.arange(from, 0, -((double) numTrain / steps))), -1);
    }
}
