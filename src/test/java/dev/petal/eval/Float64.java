package dev.petal.eval;

import dev.petal.nn.Module;
import dev.petal.tensor.NoGrad;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Float64 twins of models, for holding them to the fixtures' f64 recomputations. */
public final class Float64 {
    private Float64() {
    }

    /**
     * Converts every floating parameter and buffer to float64 in place (PyTorch's {@code param.data = …}, which keeps
     * the tensors that the modules' fields refer to; {@code Module.to} replaces them).
     */
    public static <M extends Module> M convert(M model) {
        try (NoGrad g = NoGrad.open()) {
            for (Tensor t : model.stateDict().values()) {
                if (t.is_floating_point()) t.__dispatch_set_data(t.to(ScalarType.Double));
            }
        }
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
