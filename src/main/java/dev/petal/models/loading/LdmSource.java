package dev.petal.models.loading;

/**
 * Where one model tensor comes from in an original (LDM) checkpoint: the tensor {@code name}, whole
 * ({@code parts == 1}) or its {@code part}-th of {@code parts} equal slices along dim 0 (OpenCLIP's fused
 * {@code in_proj_weight} holds q, k and v stacked by rows).
 */
public record LdmSource(String name, int part, int parts) {
    public LdmSource {
        if (parts < 1 || part < 0 || part >= parts) throw new IllegalArgumentException("part " + part + " of " + parts);
    }

    public static LdmSource whole(String name) {
        return new LdmSource(name, 0, 1);
    }

    public static LdmSource rows(String name, int part, int parts) {
        return new LdmSource(name, part, parts);
    }

    public boolean isSlice() {
        return parts > 1;
    }

    @Override
    public String toString() {
        return isSlice() ? name + " (rows, part " + (part + 1) + " of " + parts + ")" : name;
    }
}
