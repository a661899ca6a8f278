package dev.petal.eval.image;

/** Where a center crop starts when the margin is odd: the two libraries disagree. */
public enum CropRule {
    /** transformers' image processors: {@code (size − crop) // 2}. */
    FLOOR,
    /** torchvision's {@code CenterCrop}: {@code int(round((size − crop) / 2.0))}, Python's round half to even. */
    ROUND_HALF_EVEN;

    public int offset(int size, int crop) {
        return switch (this) {
            case FLOOR -> Math.floorDiv(size - crop, 2);
            case ROUND_HALF_EVEN -> (int) Math.rint((size - crop) / 2.0);
        };
    }
}
