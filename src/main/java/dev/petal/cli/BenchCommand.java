package dev.petal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.petal.bench.BenchResult;
import dev.petal.bench.Matmul;
import dev.petal.bench.TinyAdapterStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code petal bench}: the benchmark workloads of shared/bench/WORKLOADS.md, with the machine's matmul rate. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run benchmark workloads and print median time per step, peak memory and the matmul rate.")
public final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "WORKLOAD", defaultValue = "tiny", description = "tiny (W1)")
    String workload;
    @Option(names = "--warmup", defaultValue = "5")
    int warmup;
    @Option(names = "--steps", defaultValue = "30")
    int steps;
    @Option(names = "--json", description = "print one JSON object per workload")
    boolean json;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        BenchResult r = switch (workload) {
            case "tiny", "w1" -> TinyAdapterStep.run(warmup, steps, i -> { });
            default -> throw new IllegalArgumentException("unknown workload '" + workload + "' (available: tiny)");
        };
        double gflops = Matmul.gflops();
        r = new BenchResult(r.workload(), r.unit(), r.median(), r.min(), r.max(), r.samples(), r.peakRssMiB(),
                r.trainedParameters(), gflops, r.settings());
        out.println(json ? new ObjectMapper().writeValueAsString(r) : r.format());
        return 0;
    }
}
