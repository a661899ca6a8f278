package dev.petal.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a study as a Slurm job array: one array task per trial, {@code SLURM_ARRAY_TASK_ID} → trial index, each
 * task running the same claim-and-run logic as local workers ({@code petal study run STUDY --trial-index I}), so
 * a task whose trial is already done (or held) exits at once and resubmitting the array is safe. Results land in
 * the study folder on shared storage, where {@code petal study status} reads them.
 */
public final class SlurmSubmitter {
    /** sbatch options; null fields are left to the cluster's defaults. */
    public record Options(String partition, Integer gpus, Integer cpusPerTask, String memory, String time, Integer maxParallel) {
    }

    private SlurmSubmitter() {
    }

    /**
     * Writes {@code STUDY/slurm/array.sbatch} for the study's trials and returns its path. {@code petal} is the
     * command that starts Petal on the nodes: the {@code ./petal} launcher, or a java command line.
     */
    public static Path writeScript(StudyDir study, Options o, List<String> petal) throws IOException {
        int n = study.trials().size();
        if (n == 0) throw new IllegalArgumentException(study.root() + ": the study has no trials");
        Path dir = study.root().resolve("slurm");
        Files.createDirectories(dir);
        StringBuilder s = new StringBuilder("#!/bin/bash\n");
        s.append("#SBATCH --job-name=petal-").append(study.spec().name().replaceAll("[^A-Za-z0-9_.-]", "_")).append('\n');
        s.append("#SBATCH --array=0-").append(n - 1).append(o.maxParallel() != null ? "%" + o.maxParallel() : "").append('\n');
        s.append("#SBATCH --output=").append(dir.toAbsolutePath()).append("/%A_%a.out\n");
        if (o.cpusPerTask() != null) s.append("#SBATCH --cpus-per-task=").append(o.cpusPerTask()).append('\n');
        if (o.partition() != null) s.append("#SBATCH --partition=").append(o.partition()).append('\n');
        if (o.gpus() != null && o.gpus() > 0) s.append("#SBATCH --gpus=").append(o.gpus()).append('\n');
        if (o.memory() != null) s.append("#SBATCH --mem=").append(o.memory()).append('\n');
        if (o.time() != null) s.append("#SBATCH --time=").append(o.time()).append('\n');
        s.append("set -euo pipefail\n");
        s.append("export PETAL_THREADS=\"${SLURM_CPUS_PER_TASK:-$(nproc)}\" OPENBLAS_NUM_THREADS=1\n");
        s.append("exec");
        for (String part : petal) s.append(' ').append(quote(part));
        s.append(" study run ")
                .append(quote(study.root().toAbsolutePath().toString())).append(" --trial-index \"$SLURM_ARRAY_TASK_ID\"\n");
        Path script = dir.resolve("array.sbatch");
        StudyDir.writeAtomically(script, s.toString());
        script.toFile().setExecutable(true);
        return script;
    }

    /** The command line of this JVM (java, its flags, class path, main class): for nodes sharing this file system. */
    public static List<String> currentJava(String mainClass) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Dpetal.threads=") && !a.startsWith("-agentlib") && !a.startsWith("-javaagent")) cmd.add(a);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        return cmd;
    }

    /** Submits the script with {@code sbatch --parsable}; returns the job id (also appended to slurm/jobs.txt). */
    public static String submit(StudyDir study, Path script) throws IOException, InterruptedException {
        String out = runTool(List.of("sbatch", "--parsable", script.toString()), "is Slurm installed and on PATH?");
        String jobId = out.split("[;\\s]")[0];
        Files.writeString(study.root().resolve("slurm/jobs.txt"), jobId + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return jobId;
    }

    /**
     * Runs a cluster tool (sbatch, kubectl) and returns its trimmed output; a tool that cannot start or exits
     * non-zero is an IOException naming it ({@code hint} is said in brackets when it cannot start).
     */
    static String runTool(List<String> cmd, String hint) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + cmd.get(0) + " (" + hint + "): " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) throw new IOException(cmd.get(0) + " failed: " + out);
        return out;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
