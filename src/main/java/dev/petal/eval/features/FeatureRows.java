package dev.petal.eval.features;

import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

/** Feature tensors [B, D] ↔ Java rows. */
public final class FeatureRows {
    private FeatureRows() {
    }

    public static float[][] of(Tensor features) {
        long[] s = Tensors.shape(features);
        if (s.length != 2) throw new IllegalArgumentException("expected features [B, D], got " + Tensors.shapeString(features));
        float[] flat = Tensors.toFloats(features);
        int b = (int) s[0], d = (int) s[1];
        float[][] out = new float[b][d];
        for (int i = 0; i < b; i++) System.arraycopy(flat, i * d, out[i], 0, d);
        return out;
    }

    public static double[][] toDoubles(float[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new double[rows[i].length];
            for (int k = 0; k < rows[i].length; k++) out[i][k] = rows[i][k];
        }
        return out;
    }
}
