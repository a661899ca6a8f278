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

    /** The committed study specs (studies/) plan as documented. */
    @Test
    void committedStudySpecsPlan() {
        var positions = InspectCommandTest.run("study", "plan", tmp.resolve("positions").toString(), "--spec", "studies/emoji-positions.yaml",
                "--preset", "paper-positions");
        assertEquals(0, positions.code(), positions.err());
        assertTrue(positions.out().contains("20 valid cells × 3 seeds = 60 trials"), positions.out());
        var methods = InspectCommandTest.run("study", "plan", tmp.resolve("methods").toString(), "--spec", "studies/emoji-methods.yaml");
        assertEquals(0, methods.code(), methods.err());
        assertTrue(methods.out().contains("3 valid cells × 3 seeds = 9 trials"), methods.out());
        for (String study : new String[]{"positions", "methods"}) { // the paths they name resolve to the committed model and data
            var spec = new StudyDir(tmp.resolve(study)).spec();
            for (String p : new String[]{spec.model() + "/model_index.json", spec.task().instanceImages() + "/subject.json",
                    spec.evaluator() + "/config.json"}) {
                assertTrue(Files.isRegularFile(Path.of(p)), study + ": " + p);
            }
        }
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

    /**
     * The Kubernetes Indexed Job: the manifest's fields, and its container command run as a pod would run it
     * (JOB_COMPLETION_INDEX set, {@code petal} on PATH, the study at the mount path) finishes that index's trial.
     */
    @Test
    void kubernetesIndexedJobManifestRunsATrial() throws Exception {
        Path dir = tmp.resolve("k8s");
        assertEquals(0, InspectCommandTest.run("study", "plan", dir.toString(), "--spec", spec("k8s").toString()).code());
        String mount = dir.toAbsolutePath().toString();
        var submit = InspectCommandTest.run("study", "submit", dir.toString(), "--k8s", "--image", "registry.example/petal:0.1", "--pvc", "studies",
                "--mount", mount, "--cpus-per-task", "2", "--mem", "8Gi", "--gpus", "1", "--max-parallel", "3", "--dry-run");
        assertEquals(0, submit.code(), submit.err());
        Path manifest = dir.resolve("k8s/indexed-job.yaml");
        var job = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(manifest.toFile());
        assertEquals("Job", job.path("kind").asText());
        assertEquals("petal-k8s", job.path("metadata").path("name").asText());
        var spec = job.path("spec");
        assertEquals("Indexed", spec.path("completionMode").asText());
        assertEquals(4, spec.path("completions").asInt());
        assertEquals(3, spec.path("parallelism").asInt());
        var pod = spec.path("template").path("spec");
        assertEquals("Never", pod.path("restartPolicy").asText());
        var c = pod.path("containers").get(0);
        assertEquals("registry.example/petal:0.1", c.path("image").asText());
        assertEquals("8Gi", c.path("resources").path("limits").path("memory").asText());
        assertEquals(1, c.path("resources").path("limits").path("nvidia.com/gpu").asInt());
        assertEquals("2", c.path("resources").path("requests").path("cpu").asText());
        assertEquals(mount, c.path("volumeMounts").get(0).path("mountPath").asText());
        assertEquals("studies", pod.path("volumes").get(0).path("persistentVolumeClaim").path("claimName").asText());

        // run the container's command as the pod with index 2 would
        Path bin = Files.createDirectories(tmp.resolve("k8s-bin"));
        StringBuilder launcher = new StringBuilder("#!/bin/sh\nexec");
        for (String part : dev.petal.study.SlurmSubmitter.currentJava(Main.class.getName())) {
            launcher.append(" '").append(part.replace("'", "'\\''")).append("'");
        }
        Files.writeString(bin.resolve("petal"), launcher.append(" \"$@\"\n").toString());
        assertTrue(bin.resolve("petal").toFile().setExecutable(true));
        List<String> cmd = new java.util.ArrayList<>();
        c.path("command").forEach(n -> cmd.add(n.asText()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("JOB_COMPLETION_INDEX", "2");
        c.path("env").forEach(e -> pb.environment().put(e.path("name").asText(), e.path("value").asText()));
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        String trial = new StudyDir(dir).trials().get(2).id();
        var status = InspectCommandTest.run("study", "status", dir.toString());
        assertTrue(status.out().contains("4 trials: 1 done"), status.out() + "\n" + log);
        assertTrue(Files.exists(new StudyDir(dir).trialDir(trial).resolve("metrics.json")), trial);

        // option mistakes are named
        var noImage = InspectCommandTest.run("study", "submit", dir.toString(), "--k8s", "--pvc", "studies", "--dry-run");
        assertTrue(noImage.code() != 0 && noImage.err().contains("--image is required"), noImage.err());
        var mixed = InspectCommandTest.run("study", "submit", dir.toString(), "--slurm", "--image", "x", "--dry-run");
        assertTrue(mixed.code() != 0 && mixed.err().contains("Kubernetes options"), mixed.err());
        var both = InspectCommandTest.run("study", "submit", dir.toString(), "--slurm", "--k8s", "--dry-run");
        assertTrue(both.code() != 0 && both.err().contains("mutually exclusive"), both.err());
    }

    private static String slurmLogs(Path dir) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (var s = Files.list(dir.resolve("slurm"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".out")).toList()) sb.append(p).append(":\n").append(Files.readString(p)).append('\n');
        }
        return sb.toString();
    }
}
