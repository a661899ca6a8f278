package dev.petal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Timing summaries and process memory figures for benchmarks. */
public final class Stats {
    private Stats() {
    }

    public static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    public static double min(double[] xs) {
        return Arrays.stream(xs).min().orElse(Double.NaN);
    }

    public static double max(double[] xs) {
        return Arrays.stream(xs).max().orElse(Double.NaN);
    }

    /** Peak resident set size of this process (VmHWM), in MiB. */
    public static double peakRssMiB() {
        return statusKb("VmHWM:") / 1024.0;
    }

    /** Current resident set size (VmRSS), in MiB. */
    public static double rssMiB() {
        return statusKb("VmRSS:") / 1024.0;
    }

    private static long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) return Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
