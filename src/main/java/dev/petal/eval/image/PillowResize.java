package dev.petal.eval.image;

/**
 * Pillow's {@code Image.resize(size, BICUBIC)} on 8-bit images, bit for bit (Pillow's {@code Resample.c}):
 * a separable Keys cubic (a = −0.5) whose support widens by the scale when downsampling (antialiasing);
 * normalised weights in 22-bit fixed point; a horizontal pass into an 8-bit intermediate (rounded, clamped),
 * then a vertical pass. A pass whose size does not change is skipped; equal sizes return the image itself.
 * Java2D, OpenCV and torchvision's tensor resize all give different integers.
 */
public final class PillowResize {
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double SUPPORT = 2.0;
    private static final double A = -0.5;

    private PillowResize() {
    }

    /** For each output index: the first source index, the number of taps, and the fixed-point weights. */
    private record Coefficients(int[] start, int[] count, int[][] weights) {
    }

    public static RgbImage bicubic(RgbImage in, int width, int height) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("resize target must be positive: " + width + "x" + height);
        RgbImage out = in;
        if (width != in.width()) out = horizontal(out, coefficients(in.width(), width));
        if (height != in.height()) out = vertical(out, coefficients(in.height(), height));
        return out;
    }

    static double cubic(double x) {
        x = Math.abs(x);
        if (x < 1.0) return ((A + 2.0) * x - (A + 3.0)) * x * x + 1;
        if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * A;
        return 0.0;
    }

    private static Coefficients coefficients(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = SUPPORT * filterScale;
        int[] start = new int[outSize], count = new int[outSize];
        int[][] weights = new int[outSize][];
        for (int i = 0; i < outSize; i++) {
            double center = (i + 0.5) * scale;
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
            double[] w = new double[xmax];
            double sum = 0.0;
            for (int k = 0; k < xmax; k++) {
                w[k] = cubic((k + xmin - center + 0.5) / filterScale);
                sum += w[k];
            }
            weights[i] = new int[xmax];
            for (int k = 0; k < xmax; k++) {
                double v = sum != 0.0 ? w[k] / sum : w[k];
                weights[i][k] = v < 0 ? (int) (-0.5 + v * (1 << PRECISION_BITS)) : (int) (0.5 + v * (1 << PRECISION_BITS));
            }
            start[i] = xmin;
            count[i] = xmax;
        }
        return new Coefficients(start, count, weights);
    }

    private static RgbImage horizontal(RgbImage in, Coefficients k) {
        int w = k.start.length, h = in.height();
        byte[] src = in.pixels(), out = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            int row = y * in.width();
            for (int x = 0; x < w; x++) {
                int[] kw = k.weights[x];
                for (int c = 0; c < 3; c++) {
                    int ss = 1 << (PRECISION_BITS - 1);
                    for (int t = 0; t < k.count[x]; t++) ss += (src[(row + k.start[x] + t) * 3 + c] & 0xFF) * kw[t];
                    out[(y * w + x) * 3 + c] = clip8(ss);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    private static RgbImage vertical(RgbImage in, Coefficients k) {
        int w = in.width(), h = k.start.length;
        byte[] src = in.pixels(), out = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            int[] kw = k.weights[y];
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int ss = 1 << (PRECISION_BITS - 1);
                    for (int t = 0; t < k.count[y]; t++) ss += (src[((k.start[y] + t) * w + x) * 3 + c] & 0xFF) * kw[t];
                    out[(y * w + x) * 3 + c] = clip8(ss);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    private static byte clip8(int v) {
        if (v >= (1 << PRECISION_BITS << 8)) return (byte) 255;
        if (v <= 0) return 0;
        return (byte) (v >> PRECISION_BITS);
    }
}
