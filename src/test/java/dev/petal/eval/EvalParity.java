package dev.petal.eval;

import dev.petal.Parity;
import dev.petal.safetensors.TensorSource;
import org.bytedeco.pytorch.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * {@link Parity#assertClose} that also appends each check's max error to {@code target/eval-parity.tsv}
 * (check, max error, tolerance): the numbers behind the evaluation fixtures' status report.
 */
public final class EvalParity {
    private static final Path LOG = Path.of("target", "eval-parity.tsv");

    private EvalParity() {
    }

    public static double assertClose(String what, Tensor actual, TensorSource ref, String name, double tol) {
        return log(what, Parity.assertClose(what, actual, ref, name, tol), tol);
    }

    public static double assertClose(String what, float[] actual, float[] expected, double tol) {
        return log(what, Parity.assertClose(what, actual, expected, tol), tol);
    }

    public static double log(String what, double err, double tol) {
        try {
            Files.createDirectories(LOG.getParent());
            Files.writeString(LOG, String.format(Locale.ROOT, "%s\t%.3g\t%.0e%n", what, err, tol), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the log is a convenience; the assertion already ran
        }
        return err;
    }
}
