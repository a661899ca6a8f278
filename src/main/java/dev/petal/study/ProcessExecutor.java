package dev.petal.study;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs each trial in its own JVM ({@code petal study trial STUDY ID}), with this JVM's flags and environment,
 * {@code threads} torch threads, and its output appended to {@code trials/ID/log.txt}. A separate process keeps
 * trials independent: native memory, global seeds and a crash stay inside it.
 */
public record ProcessExecutor(int threads, String mainClass) implements TrialExecutor {
    @Override
    public void execute(StudyDir study, Trial trial) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Dpetal.threads=")) cmd.add(a);
        }
        cmd.add("-Dpetal.threads=" + threads);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of("study", "trial", study.root().toString(), trial.id()));
        Path log = study.trialDir(trial.id()).resolve("log.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        int code = p.waitFor();
        if (code != 0) throw new IllegalStateException("trial process exited with " + code + " (see " + log + ")");
    }
}
