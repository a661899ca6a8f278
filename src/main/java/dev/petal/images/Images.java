package dev.petal.images;

import dev.petal.safetensors.SafetensorsWriter;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Tensors ↔ pictures: [3, H, W] in [0, 1] ↔ 8-bit RGB, PNG files written atomically, image grids. */
public final class Images {
    private Images() {
    }

    /** [3, H, W] in [0, 1] → RGB image, rounding ×255 as diffusers' numpy_to_pil. */
    public static BufferedImage toImage(Tensor chw) {
        long[] s = Tensors.shape(chw);
        if (s.length != 3 || s[0] != 3) throw new IllegalArgumentException("expected an image tensor [3, H, W], got " + Tensors.shapeString(chw));
        int h = (int) s[1], w = (int) s[2];
        float[] v = Tensors.toFloats(chw);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                img.setRGB(x, y, (byte8(v[i]) << 16) | (byte8(v[plane + i]) << 8) | byte8(v[2 * plane + i]));
            }
        }
        return img;
    }

    /** RGB image → [3, H, W] float in [0, 1]. */
    public static Tensor toTensor(BufferedImage img) {
        int h = img.getHeight(), w = img.getWidth(), plane = h * w;
        float[] v = new float[3 * plane];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y), i = y * w + x;
                v[i] = ((rgb >> 16) & 0xFF) / 255f;
                v[plane + i] = ((rgb >> 8) & 0xFF) / 255f;
                v[2 * plane + i] = (rgb & 0xFF) / 255f;
            }
        }
        return Tensors.fromFloats(v, 3, h, w);
    }

    private static int byte8(float x) {
        return (int) Math.max(0, Math.min(255, Math.round(x * 255.0)));
    }

    /** Writes a PNG atomically (temporary file, then rename). */
    public static void writePng(BufferedImage img, Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                if (!ImageIO.write(img, "png", tmp.toFile())) throw new IOException("no PNG writer");
                SafetensorsWriter.moveAtomically(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads an image file as RGB; a file that does not decode is a clear error naming it. */
    public static BufferedImage read(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) throw new IllegalArgumentException(file + ": not a readable image (unsupported or corrupt format)");
            if (img.getType() == BufferedImage.TYPE_INT_RGB) return img;
            BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
            var g = rgb.createGraphics();
            g.setColor(java.awt.Color.WHITE); // transparent pixels become white
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(img, 0, 0, null);
            g.dispose();
            return rgb;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read image: " + e.getMessage(), e);
        }
    }

    /** Tiles equally sized images in rows of {@code columns}, with a small white gap. */
    public static BufferedImage grid(List<BufferedImage> images, int columns) {
        if (images.isEmpty()) throw new IllegalArgumentException("no images for the grid");
        int w = images.get(0).getWidth(), h = images.get(0).getHeight(), gap = 2;
        int cols = Math.min(columns, images.size()), rows = (images.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cols * w + (cols - 1) * gap, rows * h + (rows - 1) * gap, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 0; i < images.size(); i++) g.drawImage(images.get(i), (i % cols) * (w + gap), (i / cols) * (h + gap), null);
        g.dispose();
        return out;
    }
}
