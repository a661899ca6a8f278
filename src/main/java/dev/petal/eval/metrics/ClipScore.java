package dev.petal.eval.metrics;

/**
 * The ×100 CLIP-score conventions. Per pair: {@code 100 · max(cos, 0)}. torchmetrics' {@code clip_score} over paired
 * lists clamps after averaging: {@code max(100 · mean_i cos_i, 0)} — not the mean of the per-pair clamped scores.
 */
public final class ClipScore {
    private ClipScore() {
    }

    public static double perPair(double cosine) {
        return 100 * Math.max(cosine, 0);
    }

    /** torchmetrics.functional.multimodal.clip_score on (image i, prompt i) pairs. */
    public static double torchmetrics(double[] pairedCosines) {
        if (pairedCosines.length == 0) throw new IllegalArgumentException("no image-prompt pairs");
        return Math.max(100 * Cosine.mean(pairedCosines), 0);
    }
}
