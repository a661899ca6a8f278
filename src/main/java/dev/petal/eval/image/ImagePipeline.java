package dev.petal.eval.image;

import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

import java.util.List;

/**
 * An evaluation model's input preparation: optional resize (shortest edge to {@code shortestEdge}, the long edge to
 * {@code int(S · long / short)}, or an exact size), Pillow bicubic; optional center crop; rescale; optional
 * float32 normalisation {@code (x − mean) / std}; CHW output. The factories give the reference pipelines.
 *
 * @param shortestEdge resize the short side to this (0: see {@code resizeWidth/Height}, or no resize)
 * @param mean         per-channel mean, or null for no normalisation (then {@code std} is ignored)
 */
public record ImagePipeline(String name, int shortestEdge, int resizeWidth, int resizeHeight, int cropWidth, int cropHeight,
                            CropRule cropRule, Rescale rescale, double rescaleFactor, float[] mean, float[] std) {
    public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    /** transformers' CLIPImageProcessor (slow, PIL) with the openai settings at this size (224 for ViT-B/32, L/14). */
    public static ImagePipeline clip(int shortestEdge, int crop) {
        return new ImagePipeline("CLIPImageProcessor", shortestEdge, 0, 0, crop, crop, CropRule.FLOOR,
                Rescale.FLOAT64_PRODUCT, 1 / 255.0, CLIP_MEAN, CLIP_STD);
    }

    /** The DINO evaluation transform: torchvision Resize(resize, BICUBIC), CenterCrop(crop), ToTensor, ImageNet Normalize. */
    public static ImagePipeline dino(int resize, int crop) {
        return new ImagePipeline("torchvision Resize+CenterCrop (DINO)", resize, 0, 0, crop, crop, CropRule.ROUND_HALF_EVEN,
                Rescale.FLOAT32_DIVIDE_255, 1 / 255.0, IMAGENET_MEAN, IMAGENET_STD);
    }

    /** DINO's 256 → 224 proportions for a model of input size {@code crop}: Resize(round(crop · 8 / 7)). */
    public static ImagePipeline dino(int crop) {
        return dino((int) Math.round(crop * 8.0 / 7.0), crop);
    }

    /** pytorch-fid's reader: ToTensor only (the network resizes to 299 itself). */
    public static ImagePipeline toTensor() {
        return new ImagePipeline("torchvision ToTensor (pytorch-fid)", 0, 0, 0, 0, 0, CropRule.FLOOR,
                Rescale.FLOAT32_DIVIDE_255, 1 / 255.0, null, null);
    }

    /** The output size [width, height] of the resize step for an input of this size. */
    public int[] resizedSize(int width, int height) {
        if (shortestEdge > 0) {
            boolean wide = width > height;
            int shortSide = wide ? height : width, longSide = wide ? width : height;
            int newLong = (int) ((double) ((long) shortestEdge * longSide) / shortSide);
            return wide ? new int[]{newLong, shortestEdge} : new int[]{shortestEdge, newLong};
        }
        if (resizeWidth > 0) return new int[]{resizeWidth, resizeHeight};
        return new int[]{width, height};
    }

    /** The 8-bit image after resize and center crop (the {@code u8.*} tensors of the fixtures). */
    public RgbImage resizeAndCrop(RgbImage img) {
        int[] size = resizedSize(img.width(), img.height());
        RgbImage r = PillowResize.bicubic(img, size[0], size[1]);
        if (cropWidth <= 0) return r;
        if (cropWidth > r.width() || cropHeight > r.height()) {
            throw new IllegalArgumentException(name + ": crop " + cropWidth + "x" + cropHeight + " is larger than the resized "
                    + r.width() + "x" + r.height() + " image (padding is not supported)");
        }
        return r.crop(cropRule.offset(r.width(), cropWidth), cropRule.offset(r.height(), cropHeight), cropWidth, cropHeight);
    }

    /** Rescale and normalise an 8-bit image into CHW floats. */
    public float[] toPixels(RgbImage img) {
        int plane = img.width() * img.height();
        byte[] p = img.pixels();
        float[] out = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                float x = rescale.apply(p[i * 3 + c] & 0xFF, rescaleFactor);
                out[c * plane + i] = mean == null ? x : (x - mean[c]) / std[c];
            }
        }
        return out;
    }

    public float[] apply(RgbImage img) {
        return toPixels(resizeAndCrop(img));
    }

    /** A batch [B, 3, H, W]; every image must come out at the same size (true whenever the pipeline crops). */
    public Tensor batch(List<RgbImage> images) {
        if (images.isEmpty()) throw new IllegalArgumentException("no images");
        RgbImage first = null;
        float[] all = null;
        for (int b = 0; b < images.size(); b++) {
            RgbImage u8 = resizeAndCrop(images.get(b));
            if (first == null) {
                first = u8;
                all = new float[images.size() * 3 * u8.width() * u8.height()];
            } else if (u8.width() != first.width() || u8.height() != first.height()) {
                throw new IllegalArgumentException(name + ": images come out at different sizes (" + first.width() + "x" + first.height()
                        + " and " + u8.width() + "x" + u8.height() + "); batch them separately");
            }
            float[] px = toPixels(u8);
            System.arraycopy(px, 0, all, b * px.length, px.length);
        }
        return Tensors.fromFloats(all, images.size(), 3, first.height(), first.width());
    }

    /** One line for reports: the steps with their parameters. */
    public String describe() {
        StringBuilder s = new StringBuilder(name).append(": RGB");
        if (shortestEdge > 0) s.append(", shortest edge → ").append(shortestEdge).append(" (Pillow bicubic)");
        else if (resizeWidth > 0) s.append(", resize → ").append(resizeWidth).append('x').append(resizeHeight).append(" (Pillow bicubic)");
        if (cropWidth > 0) s.append(", center crop ").append(cropWidth).append('x').append(cropHeight)
                .append(cropRule == CropRule.FLOOR ? " (floor)" : " (round half even)");
        if (rescale == Rescale.FLOAT32_DIVIDE_255) s.append(", /255 (float32)");
        else s.append(rescaleFactor == 1 / 255.0 ? ", ×(1/255) (float64)" : ", ×" + rescaleFactor + " (float64)");
        if (mean == null) return s.toString();
        String norm = mean == CLIP_MEAN ? "CLIP" : mean == IMAGENET_MEAN ? "ImageNet" : java.util.Arrays.toString(mean);
        return s.append(", normalize ").append(norm).append(" mean/std").toString();
    }
}
