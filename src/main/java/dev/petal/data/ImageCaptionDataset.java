package dev.petal.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.petal.images.Images;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Image–caption pairs for training, from a folder of images with captions either in {@code metadata.jsonl}
 * (Hugging Face imagefolder: one JSON object per line with {@code file_name} and {@code text}) or in a
 * {@code name.txt} beside each {@code name.png}. {@code metadata.jsonl} wins when both are present.
 *
 * <p>Every image is decoded when the set is opened (a broken file fails early, naming it), resized so its shorter
 * side is {@code resolution} (area averaging down, bicubic up; untouched at the right size), center-cropped to
 * {@code resolution}², and kept in memory as 8-bit RGB (3·resolution² bytes per image). {@link #image} gives
 * float [3, H, W] in [−1, 1]; with random flips on, whether an image is mirrored is a fixed coin per
 * (seed, epoch, index), so a run is reproducible whatever order the trainer asks in.
 */
public final class ImageCaptionDataset {
    public static final String METADATA = "metadata.jsonl";
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif", "webp");

    /** One pair: the image file and its caption. */
    public record Example(Path file, String caption) {
    }

    /** A batch: images [B, 3, H, W] in [−1, 1] and their captions. */
    public record Batch(Tensor images, List<String> captions) {
    }

    private final Path folder;
    private final int resolution;
    private final boolean randomFlip;
    private final long seed;
    private final List<Example> examples;
    private final List<byte[]> pixels; // RGB, row-major, resolution² × 3

    private ImageCaptionDataset(Path folder, int resolution, boolean randomFlip, long seed, List<Example> examples) {
        this.folder = folder;
        this.resolution = resolution;
        this.randomFlip = randomFlip;
        this.seed = seed;
        this.examples = List.copyOf(examples);
        this.pixels = examples.stream().map(e -> rgb(squareCrop(Images.read(e.file()), resolution))).toList();
    }

    /** Opens a folder: images square-cropped to {@code resolution}, mirrored at random (seeded) when {@code randomFlip}. */
    public static ImageCaptionDataset open(Path folder, int resolution, boolean randomFlip, long seed) {
        if (resolution < 1) throw new IllegalArgumentException("resolution must be ≥ 1, got " + resolution);
        if (!Files.isDirectory(folder)) throw new IllegalArgumentException(folder + ": not a folder");
        Path metadata = folder.resolve(METADATA);
        List<Example> examples = Files.isRegularFile(metadata) ? fromMetadata(folder, metadata) : fromTextFiles(folder);
        if (examples.isEmpty()) {
            throw new IllegalArgumentException(folder + ": no images (expected PNG/JPEG files with captions in "
                    + METADATA + " or in a .txt beside each image)");
        }
        return new ImageCaptionDataset(folder, resolution, randomFlip, seed, examples);
    }

    /**
     * A folder of images that all share one caption (personalization: every subject image gets the instance
     * prompt; class images the class prompt). Caption files, if any, are ignored.
     */
    public static ImageCaptionDataset withCaption(Path folder, String caption, int resolution, boolean randomFlip, long seed) {
        if (caption == null || caption.isBlank()) throw new IllegalArgumentException("a caption is required for " + folder);
        if (resolution < 1) throw new IllegalArgumentException("resolution must be ≥ 1, got " + resolution);
        if (!Files.isDirectory(folder)) throw new IllegalArgumentException(folder + ": not a folder");
        List<Example> examples = new ArrayList<>();
        for (Path image : listImages(folder)) examples.add(new Example(image, caption.strip()));
        if (examples.isEmpty()) throw new IllegalArgumentException(folder + ": no images (expected PNG/JPEG files)");
        return new ImageCaptionDataset(folder, resolution, randomFlip, seed, examples);
    }

    private static List<Example> fromMetadata(Path folder, Path metadata) {
        List<String> lines = readLines(metadata);
        Map<Path, Example> byFile = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i), where = metadata + " line " + (i + 1);
            if (line.isBlank()) continue;
            JsonNode n;
            try {
                n = json.readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (n == null || !n.isObject()) throw new IllegalArgumentException(where + ": expected a JSON object");
            String name = n.path("file_name").isTextual() ? n.get("file_name").asText() : "";
            if (name.isBlank()) throw new IllegalArgumentException(where + ": no \"file_name\"");
            String text = n.path("text").isTextual() ? n.get("text").asText().strip() : "";
            if (text.isEmpty()) throw new IllegalArgumentException(where + ": no caption (\"text\") for " + name);
            Path file = folder.resolve(name).normalize();
            if (!file.startsWith(folder.normalize())) throw new IllegalArgumentException(where + ": file_name " + name + " is outside the folder");
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException(where + ": " + name + " does not exist in " + folder);
            if (byFile.put(file, new Example(file, text)) != null) throw new IllegalArgumentException(where + ": " + name + " is listed twice");
        }
        for (Path image : listImages(folder)) {
            if (!byFile.containsKey(image.normalize())) {
                throw new IllegalArgumentException(image + ": no caption (not listed in " + metadata.getFileName() + ")");
            }
        }
        return new ArrayList<>(byFile.values());
    }

    private static List<Example> fromTextFiles(Path folder) {
        List<Example> examples = new ArrayList<>();
        for (Path image : listImages(folder)) {
            String name = image.getFileName().toString();
            Path txt = image.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".txt");
            if (!Files.isRegularFile(txt)) {
                throw new IllegalArgumentException(image + ": no caption (expected " + txt.getFileName() + " beside it, or a " + METADATA + ")");
            }
            String caption = String.join(" ", readLines(txt)).strip();
            if (caption.isEmpty()) throw new IllegalArgumentException(txt + ": empty caption");
            examples.add(new Example(image, caption));
        }
        return examples;
    }

    /** The image files directly in the folder, by name. */
    private static List<Path> listImages(Path folder) {
        try (var files = Files.list(folder)) {
            return files.filter(p -> Files.isRegularFile(p) && IMAGE_EXTENSIONS.contains(extension(p))).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException(folder + ": cannot list the folder: " + e.getMessage(), e);
        }
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Resizes so the shorter side is {@code size}, then crops the center {@code size}×{@code size}. */
    static BufferedImage squareCrop(BufferedImage img, int size) {
        int w = img.getWidth(), h = img.getHeight();
        if (w != size || h != size) {
            double scale = (double) size / Math.min(w, h);
            int sw = Math.max(size, (int) Math.round(w * scale)), sh = Math.max(size, (int) Math.round(h * scale));
            if (sw != w || sh != h) img = resize(img, sw, sh);
            int x = (int) Math.round((sw - size) / 2.0), y = (int) Math.round((sh - size) / 2.0);
            img = img.getSubimage(x, y, size, size);
        }
        return img;
    }

    private static BufferedImage resize(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        if (w < img.getWidth()) {
            g.drawImage(img.getScaledInstance(w, h, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
        } else {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(img, 0, 0, w, h, null);
        }
        g.dispose();
        return out;
    }

    private static byte[] rgb(BufferedImage img) {
        int n = img.getWidth() * img.getHeight();
        int[] argb = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        byte[] out = new byte[3 * n];
        for (int i = 0; i < n; i++) {
            out[3 * i] = (byte) (argb[i] >> 16);
            out[3 * i + 1] = (byte) (argb[i] >> 8);
            out[3 * i + 2] = (byte) argb[i];
        }
        return out;
    }

    public int size() {
        return examples.size();
    }

    public List<Example> examples() {
        return examples;
    }

    public String caption(int index) {
        return examples.get(index).caption();
    }

    /** All captions, in order. */
    public List<String> captions() {
        return examples.stream().map(Example::caption).toList();
    }

    /**
     * All images unflipped, [3, H, W] in [−1, 1] each, in order: what {@code LatentDataset.encode(vae, text,
     * images(), captions(), flips, batch)} takes (it mirrors them itself).
     */
    public List<Tensor> images() {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < size(); i++) out.add(Tensors.fromFloats(pixels(i, false), 3, resolution, resolution));
        return out;
    }

    public int resolution() {
        return resolution;
    }

    public Path folder() {
        return folder;
    }

    /** Whether the image at {@code index} is mirrored in {@code epoch}: false without random flips. */
    public boolean flipped(int index, long epoch) {
        if (!randomFlip) return false;
        return (mix(mix(seed ^ 0x9E3779B97F4A7C15L * (epoch + 1)) + index) & 1) == 1;
    }

    /** A seeded permutation of the indices for an epoch (Fisher–Yates). */
    public int[] shuffled(long epoch) {
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        var rng = new java.util.SplittableRandom(mix(seed + 0x632BE59BD9B4E019L * (epoch + 1)));
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** The image's values in [−1, 1], channel-major [3, H, W], mirrored when {@code flip}. */
    public float[] pixels(int index, boolean flip) {
        float[] v = new float[3 * resolution * resolution];
        fill(v, 0, index, flip);
        return v;
    }

    /** [3, H, W] float in [−1, 1], mirrored when {@link #flipped}(index, epoch). */
    public Tensor image(int index, long epoch) {
        return Tensors.fromFloats(pixels(index, flipped(index, epoch)), 3, resolution, resolution);
    }

    /** The images at {@code indices} as [B, 3, H, W] in [−1, 1] (flipped as in {@code epoch}), with their captions. */
    public Batch batch(int[] indices, long epoch) {
        int plane = 3 * resolution * resolution;
        float[] v = new float[indices.length * plane];
        List<String> captions = new ArrayList<>();
        for (int b = 0; b < indices.length; b++) {
            fill(v, b * plane, indices[b], flipped(indices[b], epoch));
            captions.add(caption(indices[b]));
        }
        return new Batch(Tensors.fromFloats(v, indices.length, 3, resolution, resolution), captions);
    }

    private void fill(float[] v, int offset, int index, boolean flip) {
        byte[] rgb = pixels.get(index);
        int s = resolution, plane = s * s;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int src = 3 * (y * s + (flip ? s - 1 - x : x)), dst = offset + y * s + x;
                for (int c = 0; c < 3; c++) v[dst + c * plane] = (rgb[src + c] & 0xFF) / 127.5f - 1f;
            }
        }
    }

    private static long mix(long z) { // SplitMix64 finalizer
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
