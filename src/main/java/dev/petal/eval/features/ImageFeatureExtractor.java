package dev.petal.eval.features;

import dev.petal.eval.image.RgbImage;

import java.util.List;

/** A network that turns images into feature vectors, with everything a report needs to say how. */
public interface ImageFeatureExtractor {
    /** "clip", "dino" or "inception". */
    String kind();

    /** The model: where it came from and its shape. */
    String model();

    /** The input preparation, step by step. */
    String preprocessing();

    /** Identifies model weights, configuration and preprocessing: the feature cache's key. */
    String fingerprint();

    int dim();

    /** One feature row per image, in order. */
    float[][] extract(List<RgbImage> images);
}
