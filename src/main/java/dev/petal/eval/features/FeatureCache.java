package dev.petal.eval.features;

import dev.petal.eval.image.ImageFiles;
import dev.petal.eval.image.RgbImage;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.Tensors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Features of image files, cached per file content: {@code <root>/<kind>-<model fingerprint>/<sha256 of the file>.safetensors}
 * (one F32 tensor {@code features}, the source name and extractor in the metadata), written atomically, so repeated
 * evaluations against a reference set only run the network on new images. A renamed or copied image hits; an
 * unreadable cache entry is recomputed.
 */
public final class FeatureCache {
    private final Path root;
    private int hits;
    private int misses;

    private FeatureCache(Path root) {
        this.root = root;
    }

    public static FeatureCache at(Path root) {
        return new FeatureCache(root);
    }

    /** No caching: every call runs the network. */
    public static FeatureCache disabled() {
        return new FeatureCache(null);
    }

    public int hits() {
        return hits;
    }

    public int misses() {
        return misses;
    }

    /** One feature row per file, in order. */
    public float[][] features(ImageFeatureExtractor extractor, List<Path> files) {
        float[][] out = new float[files.size()][];
        Path folder = root == null ? null : root.resolve(extractor.kind() + "-" + extractor.fingerprint().substring(0, 16));
        List<Integer> todo = new ArrayList<>();
        List<Path> entries = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path entry = folder == null ? null : folder.resolve(ModelFingerprint.contentHash(files.get(i)) + ".safetensors");
            entries.add(entry);
            out[i] = entry == null ? null : read(entry, extractor.dim());
            if (out[i] == null) todo.add(i);
        }
        hits += files.size() - todo.size();
        misses += todo.size();
        List<RgbImage> images = new ArrayList<>();
        for (int i : todo) images.add(ImageFiles.read(files.get(i)));
        float[][] computed = images.isEmpty() ? new float[0][] : extractor.extract(images);
        for (int k = 0; k < todo.size(); k++) {
            int i = todo.get(k);
            out[i] = computed[k];
            if (entries.get(i) != null) write(entries.get(i), computed[k], files.get(i), extractor);
        }
        return out;
    }

    private static float[] read(Path entry, int dim) {
        if (!Files.isRegularFile(entry)) return null;
        try (SafetensorsFile f = SafetensorsFile.open(entry)) {
            float[] v = f.floats("features");
            return v.length == dim ? v : null;
        } catch (RuntimeException e) {
            return null; // a damaged entry is recomputed and rewritten
        }
    }

    private static void write(Path entry, float[] features, Path source, ImageFeatureExtractor extractor) {
        Tensors.save(entry, Map.of("features", Tensors.fromFloats(features, features.length)),
                Map.of("source", source.getFileName().toString(), "model", extractor.model(), "preprocessing", extractor.preprocessing()));
    }
}
