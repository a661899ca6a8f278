package dev.petal.study.stats;

/**
 * Gauss–Legendre nodes and weights on [−1, 1], computed by Newton's method on the Legendre
 * polynomial (accurate to a few ulps). Nodes are returned in increasing order.
 */
record GaussLegendre(double[] nodes, double[] weights) {

    static GaussLegendre of(int order) {
        double[] x = new double[order];
        double[] w = new double[order];
        for (int i = 0; i < (order + 1) / 2; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (order + 0.5));
            double derivative;
            for (int iter = 0; ; iter++) {
                double[] pd = legendre(order, z);
                derivative = pd[1];
                double step = pd[0] / derivative;
                z -= step;
                if (Math.abs(step) < 1e-16 || iter > 100) {
                    derivative = legendre(order, z)[1];
                    break;
                }
            }
            x[i] = -z;
            x[order - 1 - i] = z;
            w[i] = 2 / ((1 - z * z) * derivative * derivative);
            w[order - 1 - i] = w[i];
        }
        return new GaussLegendre(x, w);
    }

    /** P_n(z) and P_n'(z) by the three-term recurrence. */
    private static double[] legendre(int n, double z) {
        double p0 = 1;
        double p1 = z;
        for (int k = 2; k <= n; k++) {
            double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
            p0 = p1;
            p1 = p2;
        }
        return new double[] {p1, n * (z * p1 - p0) / (z * z - 1)};
    }
}
