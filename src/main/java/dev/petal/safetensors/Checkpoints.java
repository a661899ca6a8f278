package dev.petal.safetensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Opens whatever a user points at: a .safetensors file, a shard index, or a folder holding one of them.
 * In a folder, diffusers' variant files ({@code diffusion_pytorch_model.fp16.safetensors},
 * {@code …safetensors.index.fp16.json}) are chosen by {@code variant}; without one, the plain files are
 * preferred and a folder holding only one variant's files uses those.
 */
public final class Checkpoints {
    private static final Pattern VARIANT_FILE = Pattern.compile("^(.+?)\\.([A-Za-z0-9_-]+)\\.safetensors$");
    private static final Pattern VARIANT_INDEX = Pattern.compile("^.+\\.safetensors\\.index\\.([A-Za-z0-9_-]+)\\.json$");

    private Checkpoints() {
    }

    public static TensorSource open(Path path) {
        return open(path, null);
    }

    public static TensorSource open(Path path, String variant) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (name.endsWith(".json") && name.contains(".safetensors.index")) return ShardedCheckpoint.open(path);
        if (!Files.isDirectory(path)) return SafetensorsFile.open(path);
        List<Path> all = list(path);
        List<Path> chosen = select(all, variant);
        if (chosen.isEmpty() && variant == null) {
            List<String> variants = all.stream().map(Checkpoints::variantOf).filter(v -> v != null).distinct().toList();
            if (variants.size() == 1) chosen = select(all, variants.get(0));
        }
        List<Path> indexes = chosen.stream().filter(p -> p.getFileName().toString().endsWith(".json")).toList();
        List<Path> files = chosen.stream().filter(p -> p.getFileName().toString().endsWith(".safetensors")).toList();
        if (indexes.size() == 1) return ShardedCheckpoint.open(indexes.get(0));
        if (indexes.isEmpty() && files.size() == 1) return SafetensorsFile.open(files.get(0));
        if (all.stream().anyMatch(p -> p.getFileName().toString().matches(".*\\.(bin|ckpt|pt|pth)$")) && files.isEmpty()) {
            throw SafetensorsException.at(path, "holds only pickle weights (.bin/.ckpt); Petal loads safetensors only. "
                    + "Re-save the model with save_pretrained(..., safe_serialization=True)");
        }
        throw SafetensorsException.at(path, "expected one .safetensors file or one .safetensors.index.json"
                + (variant == null ? "" : " of variant '" + variant + "'") + " in the folder, found "
                + files.size() + " files and " + indexes.size() + " indexes: " + all.stream().map(p -> p.getFileName().toString()).toList());
    }

    /** The variant infix of a weight file name ("fp16" in model.fp16.safetensors), or null. */
    static String variantOf(Path p) {
        String n = p.getFileName().toString();
        var idx = VARIANT_INDEX.matcher(n);
        if (idx.matches()) return idx.group(1);
        if (n.endsWith(".index.json")) return null;
        var m = VARIANT_FILE.matcher(n);
        if (!m.matches()) return null;
        return m.group(2);
    }

    private static List<Path> select(List<Path> files, String variant) {
        return files.stream().filter(p -> {
            String v = variantOf(p);
            return variant == null ? v == null : variant.equals(v);
        }).toList();
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".safetensors") || (n.endsWith(".json") && n.contains(".safetensors.index"))
                        || n.matches(".*\\.(bin|ckpt|pt|pth)$");
            }).sorted().toList();
        } catch (IOException e) {
            throw SafetensorsException.at(dir, "cannot list folder: " + e.getMessage());
        }
    }
}
