package dev.petal;

import dev.petal.safetensors.TensorSource;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fixtures' comparison rule: per tensor, max|java − ref| ≤ tol · max(1, max|ref|), shapes exact. */
public final class Parity {
    private Parity() {
    }

    public static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
        return m;
    }

    /** Compares a tensor with the reference tensor {@code name} of {@code ref}; returns the max abs error. */
    public static double assertClose(String what, Tensor actual, TensorSource ref, String name, double tol) {
        assertArrayEquals(ref.entry(name).shape(), Tensors.shape(actual), what + ": shape of " + name);
        return assertClose(what, Tensors.toFloats(actual), ref.floats(name), tol);
    }

    public static double assertClose(String what, float[] actual, float[] expected, double tol) {
        assertEquals(expected.length, actual.length, what + ": element count");
        double refMax = 0;
        for (float v : expected) refMax = Math.max(refMax, Math.abs(v));
        double err = maxAbsDiff(actual, expected);
        for (float v : actual) assertTrue(Float.isFinite(v), what + ": non-finite value");
        double bound = tol * Math.max(1, refMax);
        assertTrue(err <= bound, String.format("%s: max|java-ref| = %.3g > %.1g·max(1, %.3g) = %.3g (first values %s vs %s)",
                what, err, tol, refMax, bound, Arrays.toString(Arrays.copyOf(actual, 4)), Arrays.toString(Arrays.copyOf(expected, 4))));
        return err;
    }
}
