package dev.petal.eval;

import dev.petal.nn.Module;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch.ScalarType;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Float64 twins of models, for holding them to the fixtures' f64 recomputations. */
public final class Float64 {
    private Float64() {
    }

    /** The model converted to float64 in place. */
    public static <M extends Module> M convert(M model) {
        model.to(new Device("cpu"), ScalarType.Double);
        return model;
    }

    /** max|actual − expected| ≤ tol · max(1, max|expected|); returns the max error. */
    public static double assertClose(String what, double[] actual, double[] expected, double tol) {
        assertEquals(expected.length, actual.length, what + ": element count");
        double max = 0, err = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(actual[i] - expected[i]));
        }
        if (!(err <= tol * Math.max(1, max))) throw new AssertionError(what + ": max|java-ref| = " + err + " > " + tol + "·max(1, " + max + ")");
        return EvalParity.log(what, err, tol);
    }
}
