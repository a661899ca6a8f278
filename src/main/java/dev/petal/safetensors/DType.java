package dev.petal.safetensors;

/** The element types of the safetensors format, with their size in bytes (all little-endian). */
public enum DType {
    F64(8, 8), F32(4, 7), F16(2, 4), BF16(2, 5), I64(8, 9), I32(4, 6), I16(2, 3), I8(1, 2), U8(1, 1), BOOL(1, 0);

    private final int byteSize;
    private final int writeRank;

    DType(int byteSize, int writeRank) {
        this.byteSize = byteSize;
        this.writeRank = writeRank;
    }

    /**
     * The position of this dtype in the reference writer's data order: it lays tensors out by dtype, highest
     * rank first (I64, F64, F32, …), then by name, so that every tensor stays aligned.
     */
    int writeRank() {
        return writeRank;
    }

    public int byteSize() {
        return byteSize;
    }

    public boolean isFloatingPoint() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    /** Parses the header spelling ("F32", "BF16", …); null when the name is not a supported dtype. */
    public static DType parse(String name) {
        for (DType d : values()) {
            if (d.name().equals(name)) return d;
        }
        return null;
    }
}
