package dev.petal.eval.metrics;

/**
 * Cosine similarities between embedding rows, in double precision: {@code (a / ‖a‖) · (b / ‖b‖)}, the rule of
 * CLIP score (CLIP-T), CLIP-I and DINO similarity. A zero row has no direction and is an error.
 */
public final class Cosine {
    private Cosine() {
    }

    /** [a.length, b.length] cosines of every row of {@code a} with every row of {@code b}. */
    public static double[][] matrix(float[][] a, float[][] b) {
        double[][] na = normalized(a), nb = normalized(b);
        double[][] out = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < b.length; j++) out[i][j] = dot(na[i], nb[j]);
        return out;
    }

    /** Cosine of row i of {@code a} with row i of {@code b}, for paired lists. */
    public static double[] paired(float[][] a, float[][] b) {
        if (a.length != b.length) throw new IllegalArgumentException(a.length + " and " + b.length + " rows cannot be paired");
        double[][] na = normalized(a), nb = normalized(b);
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = dot(na[i], nb[i]);
        return out;
    }

    static double[][] normalized(float[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double norm = 0;
            for (float v : rows[i]) norm += (double) v * v;
            norm = Math.sqrt(norm);
            if (!(norm > 0)) throw new IllegalArgumentException("embedding row " + i + " has norm " + norm + ": no direction to compare");
            out[i] = new double[rows[i].length];
            for (int k = 0; k < rows[i].length; k++) out[i][k] = rows[i][k] / norm;
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("embeddings of width " + a.length + " and " + b.length);
        double s = 0;
        for (int k = 0; k < a.length; k++) s += a[k] * b[k];
        return s;
    }

    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    public static double mean(double[][] m) {
        double s = 0;
        long n = 0;
        for (double[] row : m) {
            for (double x : row) s += x;
            n += row.length;
        }
        return s / n;
    }
}
