package dev.petal.eval.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.petal.models.ConfigReader;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a CLIP {@code preprocessor_config.json} — as transformers writes it ({@code "size": {"shortest_edge": 224}},
 * {@code "crop_size": {"height": 224, "width": 224}}) or in the legacy form of older checkpoints ({@code "size": 224},
 * {@code "crop_size": 224}, {@code CLIPFeatureExtractor}) — into the slow CLIPImageProcessor pipeline.
 */
public final class ClipProcessorConfig {
    private static final int PIL_BICUBIC = 3;

    private ClipProcessorConfig() {
    }

    /** The pipeline of {@code file}; a folder without one gets the openai settings at {@code imageSize}. */
    public static ImagePipeline load(Path file, int imageSize) {
        if (!Files.isRegularFile(file)) return ImagePipeline.clip(imageSize, imageSize);
        return parse(ConfigReader.open(file));
    }

    public static ImagePipeline parse(ConfigReader r) {
        if (r.integer("resample", PIL_BICUBIC) != PIL_BICUBIC) {
            throw r.error("resample " + r.json().get("resample") + " is not supported (only 3 = bicubic)");
        }
        if (!r.bool("do_convert_rgb", true)) throw r.error("do_convert_rgb = false is not supported");
        int shortest = 0, rw = 0, rh = 0;
        if (r.bool("do_resize", true)) {
            JsonNode size = r.json().path("size");
            if (size.isIntegralNumber()) shortest = size.intValue();
            else if (size.has("shortest_edge")) shortest = size.get("shortest_edge").intValue();
            else if (size.has("height") && size.has("width")) {
                rh = size.get("height").intValue();
                rw = size.get("width").intValue();
            } else throw r.error("size " + size + " is not supported (an int, {shortest_edge} or {height, width})");
        }
        int cw = 0, ch = 0;
        if (r.bool("do_center_crop", true)) {
            JsonNode crop = r.json().path("crop_size");
            if (crop.isIntegralNumber()) cw = ch = crop.intValue();
            else if (crop.has("height") && crop.has("width")) {
                ch = crop.get("height").intValue();
                cw = crop.get("width").intValue();
            } else throw r.error("crop_size " + crop + " is not supported (an int or {height, width})");
        }
        double factor = r.bool("do_rescale", true) ? r.number("rescale_factor", 1 / 255.0) : 1.0;
        float[] mean = null, std = null;
        if (r.bool("do_normalize", true)) {
            mean = floats(r, "image_mean", ImagePipeline.CLIP_MEAN);
            std = floats(r, "image_std", ImagePipeline.CLIP_STD);
        }
        return new ImagePipeline("CLIPImageProcessor", shortest, rw, rh, cw, ch, CropRule.FLOOR, Rescale.FLOAT64_PRODUCT, factor, mean, std);
    }

    private static float[] floats(ConfigReader r, String key, float[] def) {
        if (!r.has(key)) return def;
        JsonNode v = r.json().get(key);
        if (!v.isArray() || v.size() != 3) throw r.error(key + " must be a list of 3 numbers, got " + v);
        float[] out = new float[3];
        for (int c = 0; c < 3; c++) out[c] = (float) v.get(c).doubleValue();
        boolean same = true;
        for (int c = 0; c < 3; c++) same &= out[c] == def[c];
        return same ? def : out;
    }
}
