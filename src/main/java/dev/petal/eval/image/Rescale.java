package dev.petal.eval.image;

/** How 8-bit samples become floats: the two libraries round differently in the last bit. */
public enum Rescale {
    /** transformers' {@code rescale}: {@code float32(u8 · float64(factor))}. */
    FLOAT64_PRODUCT,
    /** torchvision's {@code ToTensor}: {@code float32(u8) / 255f}, a float32 division. */
    FLOAT32_DIVIDE_255;

    public float apply(int u8, double factor) {
        return switch (this) {
            case FLOAT64_PRODUCT -> (float) (u8 * factor);
            case FLOAT32_DIVIDE_255 -> (float) u8 / 255f;
        };
    }
}
