package dev.petal.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.petal.Petal;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.safetensors.SafetensorsWriter;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Training checkpoints, one folder per step under {@code <run>/checkpoints/step-NNNNNN/}:
 * <ul>
 *   <li>{@code trainable.safetensors} — the trained tensors (adapter, LoRA or UNet weights);</li>
 *   <li>{@code optimizer.pt} — AdamW's moments and step counts (libtorch's own archive format);</li>
 *   <li>{@code state.json} — the step reached and the run config.</li>
 * </ul>
 * The schedule is a function of the step, and every random draw is seeded from (seed, step), so nothing else
 * is needed to continue bit for bit. A checkpoint is written into a temporary folder and renamed into place:
 * a killed run leaves either the complete checkpoint or none.
 */
public final class Checkpoints {
    static final String PREFIX = "step-";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoints() {
    }

    public record Saved(int step, Path dir, TrainConfig config) {
    }

    /** A checkpoint of any run (e.g. pretraining) with its config as written. */
    public record Stored(int step, Path dir, JsonNode config) {
    }

    public static Path root(Path runDir) {
        return runDir.resolve("checkpoints");
    }

    static void save(Path runDir, int step, TrainConfig config, Trainable trainable, Optimizer optimizer) {
        save(runDir, step, config.toJson(), trainable.stateDict(), optimizer);
    }

    /** Writes a checkpoint of any run: the trained tensors, the optimizer state and the run's config (JSON). */
    public static void save(Path runDir, int step, String configJson, Map<String, Tensor> tensors, Optimizer optimizer) {
        Path root = root(runDir);
        Path dir = root.resolve(String.format("%s%06d", PREFIX, step));
        try {
            Files.createDirectories(root);
            Path tmp = Files.createTempDirectory(root, ".tmp-" + step + "-");
            Tensors.save(tmp.resolve("trainable.safetensors"), tensors, Map.of("petal.step", Integer.toString(step)));
            OutputArchive archive = new OutputArchive();
            optimizer.save(archive);
            archive.save_to(tmp.resolve("optimizer.pt").toString());
            String state = JSON.writeValueAsString(Map.of("step", step, "petal", Petal.version(), "config", JSON.readTree(configJson)));
            Files.writeString(tmp.resolve("state.json"), state);
            if (Files.exists(dir)) deleteTree(dir);
            SafetensorsWriter.moveAtomically(tmp, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Complete checkpoints, oldest first (temporary folders of killed writes are ignored). */
    public static List<Path> list(Path runDir) {
        Path root = root(runDir);
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isRegularFile(p.resolve("state.json")))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest complete checkpoint, or null. */
    public static Saved latest(Path runDir) {
        Stored s = latestStored(runDir);
        return s == null ? null : new Saved(s.step(), s.dir(), TrainConfig.fromJson(s.config().toString()));
    }

    /** The newest complete checkpoint of any run, or null. */
    public static Stored latestStored(Path runDir) {
        List<Path> all = list(runDir);
        if (all.isEmpty()) return null;
        Path dir = all.get(all.size() - 1);
        try {
            JsonNode state = JSON.readTree(dir.resolve("state.json").toFile());
            return new Stored(state.get("step").asInt(), dir, state.get("config"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("state.json") + ": " + e.getMessage(), e);
        }
    }

    /** Restores trained tensors and optimizer state in place. */
    static void restore(Saved saved, Trainable trainable, Optimizer optimizer) {
        restore(saved.dir(), trainable.stateDict(), optimizer);
    }

    /** Restores the tensors of a checkpoint folder in place, and the optimizer state. */
    public static void restore(Path dir, Map<String, Tensor> tensors, Optimizer optimizer) {
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("trainable.safetensors")); NoGrad g = NoGrad.open()) {
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                if (!f.contains(e.getKey())) {
                    throw new IllegalStateException(dir + ": checkpoint lacks " + e.getKey() + " (was it written by another configuration?)");
                }
                e.getValue().copy_(Tensors.load(f, e.getKey(), e.getValue().scalar_type()));
            }
        }
        InputArchive archive = new InputArchive();
        archive.load_from(dir.resolve("optimizer.pt").toString());
        optimizer.load(archive);
    }

    /** Deletes all but the newest {@code keep} checkpoints. */
    public static void prune(Path runDir, int keep) {
        List<Path> all = list(runDir);
        for (int i = 0; i < all.size() - keep; i++) deleteTree(all.get(i));
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
