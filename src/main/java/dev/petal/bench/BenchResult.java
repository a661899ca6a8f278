package dev.petal.bench;

/** One workload's figures: per-step times (ms), peak memory, trained parameters, and the machine's matmul rate. */
public record BenchResult(String workload, String unit, double median, double min, double max, int samples,
                          double peakRssMiB, long trainedParameters, double matmulGflops, String settings) {

    public String format() {
        return String.format("%-22s %10.1f %-8s (min %.1f, max %.1f, n=%d)  peak RSS %,8.0f MiB  trained %,12d  matmul %.0f GFLOP/s  [%s]",
                workload, median, unit, min, max, samples, peakRssMiB, trainedParameters, matmulGflops, settings);
    }
}
