package dev.petal.safetensors;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** Decodes little-endian safetensors elements into Java arrays (for tests, tables and small tensors). */
final class ElementCodec {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private ElementCodec() {
    }

    static double[] toDoubles(TensorEntry e, MemorySegment s) {
        int n = checkedLength(e);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = element(e.dtype(), s, i);
        return out;
    }

    static float[] toFloats(TensorEntry e, MemorySegment s) {
        int n = checkedLength(e);
        float[] out = new float[n];
        if (e.dtype() == DType.F32) {
            MemorySegment.copy(s, F32, 0, out, 0, n);
            return out;
        }
        for (int i = 0; i < n; i++) out[i] = (float) element(e.dtype(), s, i);
        return out;
    }

    static long[] toLongs(Path file, TensorEntry e, MemorySegment s) {
        if (e.dtype().isFloatingPoint()) {
            throw SafetensorsException.at(file, e.name(), "is " + e.dtype() + ", not an integer tensor");
        }
        int n = checkedLength(e);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (e.dtype()) {
                case I64 -> s.getAtIndex(I64, i);
                case I32 -> s.getAtIndex(I32, i);
                case I16 -> s.getAtIndex(I16, i);
                case I8, BOOL -> s.get(ValueLayout.JAVA_BYTE, i);
                case U8 -> Byte.toUnsignedLong(s.get(ValueLayout.JAVA_BYTE, i));
                default -> throw new AssertionError(e.dtype());
            };
        }
        return out;
    }

    private static double element(DType dtype, MemorySegment s, long i) {
        return switch (dtype) {
            case F64 -> s.getAtIndex(F64, i);
            case F32 -> s.getAtIndex(F32, i);
            case F16 -> Float.float16ToFloat(s.getAtIndex(I16, i));
            case BF16 -> Float.intBitsToFloat((s.getAtIndex(I16, i) & 0xFFFF) << 16);
            case I64 -> s.getAtIndex(I64, i);
            case I32 -> s.getAtIndex(I32, i);
            case I16 -> s.getAtIndex(I16, i);
            case I8, BOOL -> s.get(ValueLayout.JAVA_BYTE, i);
            case U8 -> Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, i));
        };
    }

    private static int checkedLength(TensorEntry e) {
        long n = e.numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new SafetensorsException("tensor '" + e.name() + "' has " + n + " elements: too many for a Java array");
        }
        return (int) n;
    }
}
