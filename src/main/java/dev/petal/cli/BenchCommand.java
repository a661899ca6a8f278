package dev.petal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.petal.bench.BenchResult;
import dev.petal.bench.Matmul;
import dev.petal.bench.Workloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code petal bench}: the benchmark workloads, each in a fresh JVM (so peak memory is its own), with the
 * machine's 1024³ matmul rate measured in the same run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run benchmark workloads: median time per step (min/max), peak RSS, trained parameters, matmul GFLOP/s.")
public final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "WORKLOAD", arity = "0..*", description = "workloads (default: tiny); 'all' for every one; 'list' to list")
    List<String> workloads = new ArrayList<>();
    @Option(names = "--warmup", description = "warm-up repetitions (default: per workload)")
    Integer warmup;
    @Option(names = "--steps", description = "measured repetitions (default: per workload)")
    Integer steps;
    @Option(names = "--json", description = "one JSON object per workload")
    boolean json;
    @Option(names = "--in-process", hidden = true, description = "run one workload in this JVM (used by the forked runs)")
    boolean inProcess;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        List<String> names = workloads.isEmpty() ? List.of("tiny") : workloads;
        if (names.equals(List.of("list"))) {
            Workloads.ALL.values().forEach(w -> out.printf("%-18s %s%n", w.name(), w.description()));
            return 0;
        }
        if (names.equals(List.of("all"))) names = new ArrayList<>(Workloads.ALL.keySet());
        for (String n : names) {
            if (!Workloads.ALL.containsKey(n)) throw new IllegalArgumentException("unknown workload '" + n + "' (available: " + Workloads.ALL.keySet() + ")");
        }
        if (inProcess) {
            Workloads.Workload w = Workloads.ALL.get(names.get(0));
            BenchResult r = w.runner().run(warmup != null ? warmup : w.warmup(), steps != null ? steps : w.reps());
            r = new BenchResult(r.workload(), r.unit(), r.median(), r.min(), r.max(), r.samples(), r.peakRssMiB(), r.trainedParameters(),
                    Matmul.gflops(), r.settings());
            out.println(new ObjectMapper().writeValueAsString(r));
            return 0;
        }
        ObjectMapper m = new ObjectMapper();
        for (String n : names) {
            BenchResult r = m.readValue(fork(n), BenchResult.class);
            out.println(json ? m.writeValueAsString(r) : r.format());
            out.flush();
        }
        return 0;
    }

    /** Runs one workload in a child JVM with this JVM's flags and environment; returns its JSON line. */
    private String fork(String name) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("bench");
        cmd.add("--in-process");
        cmd.add(name);
        if (warmup != null) cmd.add("--warmup=" + warmup);
        if (steps != null) cmd.add("--steps=" + steps);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line; (line = r.readLine()) != null; ) if (line.startsWith("{")) last = line;
        }
        if (p.waitFor() != 0 || last == null) throw new IllegalStateException("workload " + name + " failed (exit " + p.exitValue() + ")");
        return last;
    }
}
