package dev.petal.eval.image;

import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

/**
 * An 8-bit RGB picture, row-major HWC bytes: what Pillow's {@code convert("RGB")} holds, and the input of every
 * evaluation pipeline. Values are unsigned (read them with {@code & 0xFF}).
 */
public record RgbImage(int width, int height, byte[] pixels) {

    public RgbImage {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        if (pixels.length != 3 * width * height) {
            throw new IllegalArgumentException(pixels.length + " bytes do not fill a " + width + "x" + height + " RGB image");
        }
    }

    /** The unsigned value of channel c at (x, y). */
    public int get(int x, int y, int c) {
        return pixels[(y * width + x) * 3 + c] & 0xFF;
    }

    /**
     * A [3, H, W] tensor in [0, 1] (e.g. a generated image before saving) quantised as diffusers' numpy_to_pil and
     * {@link dev.petal.images.Images#toImage} do: round(x · 255), clamped — the pixels its PNG file would hold.
     */
    public static RgbImage fromTensor(Tensor chw) {
        long[] s = Tensors.shape(chw);
        if (s.length != 3 || s[0] != 3) throw new IllegalArgumentException("expected an image tensor [3, H, W], got " + Tensors.shapeString(chw));
        int h = (int) s[1], w = (int) s[2], plane = h * w;
        float[] v = Tensors.toFloats(chw);
        byte[] out = new byte[3 * plane];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) out[i * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v[c * plane + i] * 255.0)));
        }
        return new RgbImage(w, h, out);
    }

    /** The crop of size w × h whose top-left corner is (left, top); it must lie inside the image. */
    public RgbImage crop(int left, int top, int w, int h) {
        if (left < 0 || top < 0 || left + w > width || top + h > height) {
            throw new IllegalArgumentException("crop " + w + "x" + h + " at (" + left + ", " + top + ") leaves the " + width + "x" + height + " image");
        }
        byte[] out = new byte[3 * w * h];
        for (int y = 0; y < h; y++) System.arraycopy(pixels, ((top + y) * width + left) * 3, out, y * w * 3, w * 3);
        return new RgbImage(w, h, out);
    }
}
