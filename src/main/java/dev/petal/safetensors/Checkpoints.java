package dev.petal.safetensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Opens whatever a user points at: a .safetensors file, a shard index, or a folder holding one of them. */
public final class Checkpoints {
    private Checkpoints() {
    }

    public static TensorSource open(Path path) {
        if (path.getFileName() != null && path.getFileName().toString().endsWith(".index.json")) {
            return ShardedCheckpoint.open(path);
        }
        if (!Files.isDirectory(path)) return SafetensorsFile.open(path);
        List<Path> indexes = list(path, ".safetensors.index.json");
        if (indexes.size() == 1) return ShardedCheckpoint.open(indexes.get(0));
        List<Path> files = list(path, ".safetensors");
        if (indexes.isEmpty() && files.size() == 1) return SafetensorsFile.open(files.get(0));
        throw SafetensorsException.at(path, "expected one .safetensors file or one .safetensors.index.json in the folder, found "
                + files.size() + " files and " + indexes.size() + " indexes; name the file");
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw SafetensorsException.at(dir, "cannot list folder: " + e.getMessage());
        }
    }
}
