package dev.petal.safetensors;

import java.util.Arrays;

/**
 * One tensor's header entry: dtype, shape and byte range [begin, end) relative to the start of the data
 * section (just after the header).
 */
public record TensorEntry(String name, DType dtype, long[] shape, long begin, long end) {

    public long numel() {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    public long byteLength() {
        return end - begin;
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorEntry e && name.equals(e.name) && dtype == e.dtype
                && Arrays.equals(shape, e.shape) && begin == e.begin && end == e.end;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + shapeString() + " @[" + begin + "," + end + ")";
    }
}
