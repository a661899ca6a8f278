package dev.petal.schedulers;

/**
 * The few numpy routines diffusers builds its schedules with, reproduced operation for operation (same double
 * arithmetic, same rounding: {@code np.round} rounds half to even), so integer timesteps match exactly.
 */
final class Numpy {
    private Numpy() {
    }

    /** {@code np.linspace(start, stop, num)}: {@code start + i * ((stop - start) / (num - 1))}, last = stop. */
    static double[] linspace(double start, double stop, int num) {
        double[] y = new double[num];
        if (num == 1) {
            y[0] = start;
            return y;
        }
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) y[i] = i * step + start;
        y[num - 1] = stop;
        return y;
    }

    /** {@code np.arange(start, stop, step)} for floats: {@code ceil((stop - start) / step)} values. */
    static double[] arange(double start, double stop, double step) {
        int n = (int) Math.max(0, Math.ceil((stop - start) / step));
        double[] y = new double[n];
        if (n == 0) return y;
        y[0] = start;
        if (n == 1) return y;
        y[1] = start + step;
        double delta = y[1] - start;
        for (int i = 2; i < n; i++) y[i] = start + i * delta;
        return y;
    }

    /** {@code np.round} (half to even). */
    static double[] round(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = Math.rint(x[i]);
        return y;
    }

    static double[] reverse(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = x[x.length - 1 - i];
        return y;
    }

    static double[] add(double[] x, double c) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = x[i] + c;
        return y;
    }

    /** Rounds every value to float32, as {@code .astype(np.float32)}. */
    static double[] toFloat32(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = (float) x[i];
        return y;
    }

    /** {@code np.interp(x, arange(fp.length), fp)}: piecewise linear, clamped at both ends. */
    static double interpOnIndex(double x, double[] fp) {
        int last = fp.length - 1;
        if (x <= 0) return fp[0];
        if (x >= last) return fp[last];
        int j = (int) Math.floor(x);
        if (j == x) return fp[j];
        double slope = fp[j + 1] - fp[j]; // (fp[j+1] − fp[j]) / (xp[j+1] − xp[j]) with xp = 0, 1, 2, …
        return slope * (x - j) + fp[j];
    }
}
