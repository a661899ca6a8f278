package dev.petal.cli;

import dev.petal.pipeline.PipelineFixture;
import dev.petal.study.StudyDir;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small real study on the fixture pipeline: plan → run (child JVMs) → status → analyze → report, and on Slurm. */
class StudyCommandTest {
    @TempDir
    static Path tmp;
    static Path model;

    @BeforeAll
    static void materialize() {
        model = PipelineFixture.materialize(tmp.resolve("pipe"));
    }

    static Path spec(String name) throws Exception {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, """
                name: %s
                model: %s
                task: {kind: personalize, instance_images: %s, instance_prompt: "an emoji of a sks cat face",
                       class_prompt: "an emoji of a cat face", num_class_images: 2}
                factors: {input: [CA_out, CA_c], output: [FFN_in, CA_c]}
                seeds: [0, 1]
                steps: 4
                sampling: {steps: 3, num_images: 2}
                metrics: [clip-i, clip-t]
                evaluator: %s
                train: {rank: 4, lr: 0.001}
                """.formatted(name, model, Path.of("data/emoji/subjects/cat-face").toAbsolutePath(),
                Path.of(System.getProperty("petal.eval.fixtures", "src/test/fixtures/eval")).resolve("clip/model").toAbsolutePath()));
        return f;
    }

    @Test
    void localStudyRunsEndToEnd() throws Exception {
        Path dir = tmp.resolve("local");
        var plan = InspectCommandTest.run("study", "plan", dir.toString(), "--spec", spec("local").toString());
        assertEquals(0, plan.code(), plan.err());
        assertTrue(plan.out().contains("2 valid cells × 2 seeds = 4 trials; 2 cells skipped"), plan.out());
        var run = InspectCommandTest.run("study", "run", dir.toString());
        assertEquals(0, run.code(), run.err() + run.out());
        assertTrue(run.out().contains("ran 4, failed 0"), run.out());
        var again = InspectCommandTest.run("study", "run", dir.toString());
        assertTrue(again.out().contains("ran 0, failed 0, already done 4"), again.out());
        var status = InspectCommandTest.run("study", "status", dir.toString());
        assertTrue(status.out().contains("4 trials: 4 done"), status.out());
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals(5, csv.size());
        assertTrue(csv.get(0).startsWith("trial,input,output,seed,clip_i,clip_t,noise_diff_mean,parameters"), csv.get(0));
        var analyze = InspectCommandTest.run("study", "analyze", dir.toString());
        assertTrue(analyze.out().contains("One-way ANOVA per factor"), analyze.out());
        var report = InspectCommandTest.run("study", "report", dir.toString());
        assertEquals(0, report.code(), report.err());
        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("heatmap-clip_i.png") && html.contains("noise-diff.png") && html.contains("samples/grid.png"), html);
        Path trial = new StudyDir(dir).trialDir("CA_out-FFN_in-seed0");
        assertTrue(Files.exists(trial.resolve("run/adapter.safetensors")) && Files.exists(trial.resolve("samples/001.png")));
    }

    /** The same study as a real Slurm job array (CI starts a one-node cluster; elsewhere it needs one). */
    @Test
    void slurmArrayRunsTheStudy() throws Exception {
        boolean slurm = new ProcessBuilder("sinfo", "-h").start().waitFor() == 0;
        if (!slurm && "true".equals(System.getenv("CI"))) throw new AssertionError("CI must provide Slurm (scripts/slurm-local.sh start)");
        Assumptions.assumeTrue(slurm, "no Slurm cluster reachable (scripts/slurm-local.sh start)");
        Path dir = tmp.resolve("slurm");
        assertEquals(0, InspectCommandTest.run("study", "plan", dir.toString(), "--spec", spec("slurm").toString()).code());
        var submit = InspectCommandTest.run("study", "submit", dir.toString(), "--slurm", "--cpus-per-task", "1", "--max-parallel", "2");
        assertEquals(0, submit.code(), submit.err());
        String job = submit.out().replaceAll("(?s).*submitted job array (\\d+).*", "$1").trim();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
        while (System.nanoTime() < deadline) {
            Process q = new ProcessBuilder("squeue", "-h", "-j", job).redirectErrorStream(true).start();
            String out = new String(q.getInputStream().readAllBytes()).trim();
            q.waitFor();
            if (out.isEmpty() || out.contains("Invalid job id")) break;
            Thread.sleep(1000);
        }
        var status = InspectCommandTest.run("study", "status", dir.toString());
        assertTrue(status.out().contains("4 trials: 4 done"), status.out() + "\n" + slurmLogs(dir));
    }

    private static String slurmLogs(Path dir) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (var s = Files.list(dir.resolve("slurm"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".out")).toList()) sb.append(p).append(":\n").append(Files.readString(p)).append('\n');
        }
        return sb.toString();
    }
}
