package dev.petal.pretrain;

import dev.petal.data.ImageCaptionDataset;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Image–caption pairs pooled from several folders (e.g. Noto and Twemoji), read once into memory. Training
 * draws example k of an endless stream of per-epoch shuffles seeded by (seed, epoch), and mirrors it by a coin
 * seeded by (seed, k): a resumed run draws what the uninterrupted run would have drawn.
 */
public final class ImagePool {
    private final List<ImageCaptionDataset> parts;
    private final int[] offsets;
    private final int size;
    private final int resolution;

    private ImagePool(List<ImageCaptionDataset> parts, int resolution) {
        this.parts = List.copyOf(parts);
        this.resolution = resolution;
        this.offsets = new int[parts.size()];
        int n = 0;
        for (int i = 0; i < parts.size(); i++) {
            offsets[i] = n;
            n += parts.get(i).size();
        }
        this.size = n;
    }

    public static ImagePool open(List<Path> folders, int resolution) {
        if (folders.isEmpty()) throw new IllegalArgumentException("no image folders");
        List<ImageCaptionDataset> parts = new ArrayList<>();
        for (Path f : folders) parts.add(ImageCaptionDataset.open(f, resolution, false, 0));
        return new ImagePool(parts, resolution);
    }

    /**
     * The split's folders of an emoji data root as {@code petal data emoji --out DIR} writes it:
     * {@code DIR/<style>/<split>/metadata.jsonl}.
     */
    public static List<Path> emojiFolders(Path root, List<String> styles, String split) {
        if (!Files.isDirectory(root)) throw new IllegalArgumentException("--data " + root + ": not a folder (create it with: petal data emoji --out " + root + ")");
        List<Path> out = new ArrayList<>();
        for (String style : styles) {
            Path f = root.resolve(style).resolve(split);
            if (!Files.isRegularFile(f.resolve(ImageCaptionDataset.METADATA))) {
                throw new IllegalArgumentException("--data " + root + ": no " + style + "/" + split + "/" + ImageCaptionDataset.METADATA
                        + " (expected the layout of: petal data emoji --out " + root + ")");
            }
            out.add(f);
        }
        return out;
    }

    public int size() {
        return size;
    }

    public int resolution() {
        return resolution;
    }

    public String caption(int index) {
        int p = part(index);
        return parts.get(p).caption(index - offsets[p]);
    }

    /** Which folder (0-based, in the order given) an example comes from. */
    public int part(int index) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException(index);
        int p = parts.size() - 1;
        while (offsets[p] > index) p--;
        return p;
    }

    public int partCount() {
        return parts.size();
    }

    /** Examples first..first+n−1 of the seeded stream of per-epoch shuffles. */
    public int[] draw(long seed, long first, int n) {
        return dev.petal.training.EpochStream.draw(size, seed, 3000, first, n);
    }

    /** Whether stream position g is mirrored. */
    public static boolean flipAt(long seed, long g) {
        return dev.petal.training.EpochStream.flip(seed, 4000, g);
    }

    /** Images [B, 3, H, W] in [−1, 1]; {@code flip} may be null (none mirrored). */
    public Tensor images(int[] indices, boolean[] flip) {
        int plane = 3 * resolution * resolution;
        float[] v = new float[indices.length * plane];
        for (int b = 0; b < indices.length; b++) {
            int p = part(indices[b]);
            float[] px = parts.get(p).pixels(indices[b] - offsets[p], flip != null && flip[b]);
            System.arraycopy(px, 0, v, b * plane, plane);
        }
        return Tensors.fromFloats(v, indices.length, 3, resolution, resolution);
    }

    /** Training batch for step {@code step} (1-based) of batch size {@code n}: indices and mirror flags. */
    public record Draw(int[] indices, boolean[] flip) {
    }

    public Draw batch(long seed, int step, int n, boolean flips) {
        long first = (long) (step - 1) * n;
        int[] idx = draw(seed, first, n);
        boolean[] flip = new boolean[n];
        if (flips) for (int k = 0; k < n; k++) flip[k] = flipAt(seed, first + k);
        return new Draw(idx, flip);
    }
}
