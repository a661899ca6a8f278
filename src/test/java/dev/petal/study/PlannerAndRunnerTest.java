package dev.petal.study;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlannerAndRunnerTest {
    @TempDir
    Path tmp;

    static StudySpec spec(Map<String, List<Object>> factors, List<Long> seeds) {
        return new StudySpec("t", "models/x", new StudySpec.Task("personalize", "imgs", "a sks dog", "a dog", null, 4, null, null, null),
                "adapter", factors, seeds, 10, null, null, null, Map.of("rank", 4));
    }

    @Test
    void paperPositionsAreTheTwentyValidCells() {
        Planner.Plan p = Planner.plan(spec(Planner.paperPositions(), List.of(0L, 1L, 2L)));
        assertEquals(20, p.cells());
        assertEquals(60, p.trials().size());
        assertEquals(70 - 20, p.skipped().size());
        assertTrue(p.skipped().stream().anyMatch(s -> s.contains("FFN_in") && s.contains("valid outputs")), p.skipped().get(0));
        Set<String> ids = new HashSet<>();
        p.trials().forEach(t -> ids.add(t.id()));
        assertEquals(60, ids.size(), "trial ids are unique");
        Map<String, List<Object>> ordered = new java.util.LinkedHashMap<>();
        ordered.put("input", List.of("CA_out"));
        ordered.put("output", List.of("FFN_in"));
        ordered.put("rank", List.of(8));
        assertEquals("CA_out-FFN_in-r8-seed2", Planner.plan(spec(ordered, List.of(2L))).trials().get(0).id());
    }

    @Test
    void specErrorsAreClear() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec(Map.of("depth", List.of(1)), null));
        assertTrue(e.getMessage().contains("unknown factor 'depth'"), e.getMessage());
    }

    @Test
    void specReadsFromYaml() throws Exception {
        Path f = tmp.resolve("study.yaml");
        Files.writeString(f, """
                name: demo
                model: models/emoji-tiny
                task: {kind: personalize, instance_images: data/x, instance_prompt: "an emoji of a sks cat", class_prompt: "an emoji of a cat", num_class_images: 8}
                factors: {input: [CA_out, CA_c], output: [FFN_in, CA_c]}
                seeds: [0, 1]
                steps: 50
                sampling: {steps: 10, num_images: 4}
                metrics: [clip-i]
                train: {rank: 8, lr: 0.001}
                """);
        StudySpec s = StudySpec.read(f);
        assertEquals(10, s.sampling().steps());
        assertEquals(7.0, s.sampling().cfg());
        Planner.Plan p = Planner.plan(s);
        assertEquals(2, p.cells()); // CA_out→FFN_in, CA_c→CA_c
        assertEquals(8, TrialSettings.of(s, p.trials().get(0).levels(), 0).rank());
        assertEquals(StudySpec.fromJson(s.toJson()), s);
    }

    /** Adapters, LoRA and full fine-tuning in one study, each at its own LR and length (as in the paper). */
    @Test
    void perMethodDefaultsOverrideTheStudysAndLevelsOverrideBoth() throws Exception {
        Path f = tmp.resolve("methods.yaml");
        Files.writeString(f, """
                name: methods
                model: models/emoji-tiny
                task: {kind: personalize, instance_images: data/x, instance_prompt: "an emoji of a sks cat", class_prompt: "an emoji of a cat"}
                factors: {method: [adapter, lora, full]}
                steps: 300
                train: {lr: 1e-4, rank: 60, full: {lr: 1e-5, steps: 100}, lora: {rank: 4}}
                """);
        StudySpec s = StudySpec.read(f);
        Planner.Plan p = Planner.plan(s);
        assertEquals(3, p.trials().size());
        Map<String, TrialSettings> by = new java.util.HashMap<>();
        for (Trial t : p.trials()) by.put(t.levels().get("method"), TrialSettings.of(s, t.levels(), t.seed()));
        assertEquals(1e-4, by.get("adapter").lr());
        assertEquals(300, by.get("adapter").steps());
        assertEquals(60, by.get("adapter").rank());
        assertEquals(1e-5, by.get("full").lr());
        assertEquals(100, by.get("full").steps());
        assertEquals(4, by.get("lora").rank());
        assertEquals(1e-4, by.get("lora").lr());
        assertEquals(300, by.get("lora").steps());
        // ResBlock adapters take res_rank (default 8, the paper's 6–9), unless rank is a factor
        assertEquals(TrialSettings.RES_RANK, TrialSettings.of(s, Map.of("input", "Res_in", "output", "Res_out"), 0).rank());
        assertEquals(16, TrialSettings.of(s, Map.of("input", "Res_in", "output", "Res_out", "rank", "16"), 0).rank());
        assertEquals(60, TrialSettings.of(s, Map.of("input", "Trans_out", "output", "Trans_out"), 0).rank());
        // a level beats the method's default
        assertEquals(3e-5, TrialSettings.of(s, Map.of("method", "full", "lr", "3e-5"), 0).lr());
        // a malformed per-method entry is named
        Files.writeString(f, Files.readString(f).replace("lora: {rank: 4}", "lora: 4"));
        var e = assertThrows(IllegalArgumentException.class, () -> TrialSettings.of(StudySpec.read(f), Map.of("method", "lora"), 0));
        assertTrue(e.getMessage().contains("train.lora"), e.getMessage());
    }

    /** Two runners with two workers each over one study: every trial runs exactly once. */
    @Test
    void concurrentRunnersNeverRunATrialTwice() throws Exception {
        StudyDir study = new StudyDir(tmp.resolve("s"));
        study.create(spec(Planner.paperPositions(), List.of(0L)));
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        TrialExecutor fake = (s, t) -> {
            runs.computeIfAbsent(t.id(), k -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(5);
            StudyDir.writeAtomically(s.trialDir(t.id()).resolve("metrics.json"),
                    "{\"metrics\": {\"clip-i\": " + (t.id().hashCode() % 100) / 100.0 + "}, \"parameters\": 10}");
        };
        Thread a = new Thread(() -> run(study, fake));
        Thread b = new Thread(() -> run(study, fake));
        a.start();
        b.start();
        a.join();
        b.join();
        assertEquals(20, runs.size());
        runs.forEach((id, n) -> assertEquals(1, n.get(), id + " ran " + n.get() + " times"));
        LocalRunner.Summary again = LocalRunner.run(study, 2, false, fake, m -> { });
        assertEquals(0, again.ran(), "finished trials are never run again");
        assertEquals(20, again.skippedDone());
        assertEquals(20, Results.gather(study));
        List<String> csv = Files.readAllLines(study.root().resolve("results.csv"));
        assertEquals("trial,input,output,seed,clip_i,parameters,train_seconds,peak_rss_mib", csv.get(0));
        assertEquals(21, csv.size());
    }

    private static void run(StudyDir s, TrialExecutor e) {
        try {
            LocalRunner.run(s, 2, false, e, m -> { });
        } catch (Exception ex) {
            throw new RuntimeException(ex);
        }
    }

    @Test
    void failedTrialsAreRecordedAndRetriedOnRequest() throws Exception {
        StudyDir study = new StudyDir(tmp.resolve("f"));
        study.create(spec(Map.of("input", List.of("CA_out"), "output", List.of("FFN_in", "Trans_out")), List.of(0L)));
        AtomicInteger calls = new AtomicInteger();
        TrialExecutor flaky = (s, t) -> {
            if (calls.incrementAndGet() == 1) throw new IllegalStateException("killed mid-run");
            StudyDir.writeAtomically(s.trialDir(t.id()).resolve("metrics.json"), "{\"metrics\": {}}");
        };
        LocalRunner.Summary first = LocalRunner.run(study, 1, false, flaky, m -> { });
        assertEquals(1, first.failed());
        assertEquals(1, first.ran());
        String failedId = study.trials().get(0).id();
        assertEquals(StudyDir.Status.FAILED, study.status(failedId));
        assertTrue(Files.readString(study.trialDir(failedId).resolve("error.txt")).contains("killed mid-run"));
        assertEquals(0, LocalRunner.run(study, 1, false, flaky, m -> { }).ran(), "failed trials wait for --retry-failed");
        assertEquals(1, LocalRunner.run(study, 1, true, flaky, m -> { }).ran());
        assertEquals(StudyDir.Status.DONE, study.status(failedId));
    }

    @Test
    void aHeldLockMeansBusy() throws Exception {
        StudyDir study = new StudyDir(tmp.resolve("l"));
        study.create(spec(Map.of("input", List.of("CA_out"), "output", List.of("FFN_in")), List.of(0L)));
        Trial t = study.trials().get(0);
        try (TrialLock held = TrialLock.tryAcquire(study.trialDir(t.id()))) {
            assertTrue(held != null);
            assertEquals(StudyDir.Status.RUNNING, study.status(t.id()));
            assertEquals(LocalRunner.Outcome.BUSY, LocalRunner.runOne(study, t, false, (s, x) -> { throw new AssertionError(); }, m -> { }));
        }
        assertEquals(StudyDir.Status.PENDING, study.status(t.id()));
    }
}
