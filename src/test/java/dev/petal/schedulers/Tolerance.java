package dev.petal.schedulers;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fixtures' comparison rule, {@code max|java − ref| ≤ tol · max(1, max|ref|)}, with the worst error seen
 * per (config, check kind) kept for the report.
 */
final class Tolerance {
    static final double TABLE = 1e-5;
    static final double STEP = 1e-5;
    static final double TRAJECTORY = 5e-5;

    /** cfg → check → worst {abs error, bound-relative error = abs / max(1, max|ref|)}. */
    private static final Map<String, Map<String, double[]>> WORST = new ConcurrentHashMap<>();

    private Tolerance() {
    }

    static void assertClose(String cfg, String check, String what, double[] java, double[] ref, double tol) {
        assertEquals(ref.length, java.length, cfg + " " + what + ": length");
        double err = 0, scale = 0;
        int at = -1;
        for (int i = 0; i < ref.length; i++) {
            double d = Math.abs(java[i] - ref[i]);
            if (!(d <= err)) {
                err = d;
                at = i;
            }
            scale = Math.max(scale, Math.abs(ref[i]));
        }
        double norm = Math.max(1, scale);
        record(cfg, check, err, err / norm);
        if (!(err <= tol * norm)) {
            fail(String.format("%s %s: max|java − ref| = %.3g at [%d] (java %.8g, ref %.8g) > %.0e · max(1, %.4g)",
                    cfg, what, err, at, java[at], ref[at], tol, scale));
        }
    }

    static void assertExact(String cfg, String what, long[] java, long[] ref) {
        for (int i = 0; i < Math.min(java.length, ref.length); i++) {
            if (java[i] != ref[i]) {
                fail(cfg + " " + what + ": entry " + i + " is " + java[i] + ", reference " + ref[i]);
            }
        }
        assertEquals(ref.length, java.length, cfg + " " + what + ": length");
        record(cfg, "integer timesteps (exact)", 0, 0);
    }

    private static void record(String cfg, String check, double abs, double rel) {
        WORST.computeIfAbsent(cfg, k -> new ConcurrentHashMap<>()).merge(check, new double[]{abs, rel},
                (a, b) -> new double[]{Math.max(a[0], b[0]), Math.max(a[1], b[1])});
    }

    /** The worst errors per config and check, one line each. */
    static String report() {
        StringBuilder sb = new StringBuilder("worst errors (abs; abs / max(1, max|ref|)):\n");
        new TreeMap<>(WORST).forEach((cfg, checks) -> new TreeMap<>(checks).forEach((check, e) ->
                sb.append(String.format("  %-26s %-34s %.3e  %.3e%n", cfg, check, e[0], e[1]))));
        return sb.toString();
    }
}
