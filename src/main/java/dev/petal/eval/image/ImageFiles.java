package dev.petal.eval.image;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads image files as Pillow's {@code Image.open(f).convert("RGB")} does: the stored samples, untouched by
 * colour management; an alpha channel is dropped (the colour under transparent pixels is kept, not composited);
 * grey is replicated to three channels; palette images take their palette colours; 16-bit samples keep their
 * high byte. Samples are read from the raster, never through {@code getRGB} (which converts grey images from a
 * linear colour space). PNG decodes exactly as Pillow; JPEG decoders differ in the last bits.
 */
public final class ImageFiles {
    /** File name endings read as images by {@link #list}. */
    public static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp");

    private ImageFiles() {
    }

    public static RgbImage read(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": cannot read image: " + e.getMessage(), e);
        }
        if (img == null) throw new IllegalArgumentException(file + ": not a readable image (unsupported or corrupt format)");
        return toRgb(img, file.toString());
    }

    /** The pixels of a decoded image as RGB bytes, by the rules above. */
    public static RgbImage toRgb(BufferedImage img, String origin) {
        int w = img.getWidth(), h = img.getHeight();
        byte[] out = new byte[3 * w * h];
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        if (cm instanceof IndexColorModel icm) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int idx = r.getSample(x, y, 0), o = (y * w + x) * 3;
                    out[o] = (byte) icm.getRed(idx);
                    out[o + 1] = (byte) icm.getGreen(idx);
                    out[o + 2] = (byte) icm.getBlue(idx);
                }
            }
            return new RgbImage(w, h, out);
        }
        int bands = r.getNumBands();
        int colorBands = cm.getNumColorComponents();
        if (colorBands != 1 && colorBands != 3) throw new IllegalArgumentException(origin + ": unsupported colour model with " + colorBands + " colour components");
        int shift = r.getSampleModel().getSampleSize(0) - 8;
        if (shift < 0 || bands < colorBands) throw new IllegalArgumentException(origin + ": unsupported sample layout");
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) out[o + c] = (byte) (r.getSample(x, y, colorBands == 1 ? 0 : c) >> shift);
            }
        }
        return new RgbImage(w, h, out);
    }

    /** The image files directly in {@code dir} (by extension, hidden files skipped), sorted by name. */
    public static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + ": not a folder");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(ImageFiles::isImageName).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException(dir + ": cannot list folder: " + e.getMessage(), e);
        }
    }

    public static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && EXTENSIONS.stream().anyMatch(n::endsWith);
    }
}
