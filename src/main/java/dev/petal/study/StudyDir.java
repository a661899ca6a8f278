package dev.petal.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.petal.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The on-disk layout of a study, shared by every runner (local workers, Slurm array tasks):
 * <pre>
 * STUDY/spec.json               the study spec
 * STUDY/plan.json               trials (id, levels, seed) in order, and skipped cells
 * STUDY/trials/ID/lock          held (OS file lock) while a process runs the trial
 * STUDY/trials/ID/metrics.json  written last and atomically: the trial is done
 * STUDY/trials/ID/error.txt     the failure of the last attempt
 * STUDY/results.csv             gathered from the finished trials
 * </pre>
 */
public final class StudyDir {
    static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public enum Status { PENDING, RUNNING, DONE, FAILED }

    private final Path root;

    public StudyDir(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path trialDir(String id) {
        return root.resolve("trials").resolve(id);
    }

    /** Writes spec.json and plan.json (the plan must not change once trials have run). */
    public Planner.Plan create(StudySpec spec) {
        Planner.Plan plan = Planner.plan(spec);
        if (Files.exists(root.resolve("plan.json"))) {
            List<Trial> existing = trials();
            if (!existing.equals(plan.trials())) {
                throw new IllegalArgumentException(root + ": holds a study with another plan (" + existing.size() + " trials); use a new folder");
            }
        }
        try {
            Files.createDirectories(root.resolve("trials"));
            writeAtomically(root.resolve("spec.json"), spec.toJson());
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("cells", plan.cells());
            p.put("trials", plan.trials());
            p.put("skipped", plan.skipped());
            writeAtomically(root.resolve("plan.json"), JSON.writeValueAsString(p));
            for (Trial t : plan.trials()) Files.createDirectories(trialDir(t.id()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create study in " + root + ": " + e.getMessage(), e);
        }
        return plan;
    }

    public StudySpec spec() {
        try {
            return StudySpec.fromJson(Files.readString(root.resolve("spec.json")));
        } catch (IOException e) {
            throw new IllegalArgumentException(root + ": not a study folder (no spec.json; run `petal study plan` first)", e);
        }
    }

    public List<Trial> trials() {
        try {
            JsonNode plan = JSON.readTree(root.resolve("plan.json").toFile());
            List<Trial> out = new ArrayList<>();
            for (JsonNode t : plan.get("trials")) {
                Map<String, String> levels = new LinkedHashMap<>();
                t.get("levels").fields().forEachRemaining(e -> levels.put(e.getKey(), e.getValue().asText()));
                out.add(new Trial(t.get("id").asText(), levels, t.get("seed").asLong()));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException(root + ": no readable plan.json (run `petal study plan` first)", e);
        }
    }

    public Status status(String id) {
        Path d = trialDir(id);
        if (Files.exists(d.resolve("metrics.json"))) return Status.DONE;
        if (TrialLock.isHeld(d)) return Status.RUNNING;
        if (Files.exists(d.resolve("error.txt"))) return Status.FAILED;
        return Status.PENDING;
    }

    public JsonNode metrics(String id) {
        try {
            return JSON.readTree(trialDir(id).resolve("metrics.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void writeAtomically(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
            Files.writeString(tmp, text);
            SafetensorsWriter.moveAtomically(tmp, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
